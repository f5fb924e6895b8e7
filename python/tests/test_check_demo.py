"""negsim.check raises ConfigError with the file, line, key and hint; negsim.demo plays what
`negsim demo` plays and returns the transcript as Python objects."""

from __future__ import annotations

import pickle
from pathlib import Path

import polars as pl
import pytest
from conftest import QUICKSTART, run_cli

import negsim
from negsim import transcript


def test_check_describes_a_good_experiment() -> None:
    described = negsim.check(QUICKSTART)
    cli = run_cli("check", QUICKSTART).stdout
    # What `negsim check` prints, without its last line, "ok: <file> is valid".
    assert cli.startswith(described)
    assert cli[len(described) :].strip() == f"ok: {QUICKSTART} is valid"
    assert described.startswith("experiment `quickstart`")


def test_check_raises_with_file_line_key_and_hint(write) -> None:
    bad = write("bad.toml", '[experiment]\nname = "x"\n[base]\ncase = "job-offer"\ndeadline = "soon"\n')
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.check(bad)
    error = caught.value
    assert error.file == str(bad)
    assert error.line == 5
    assert error.key == "base.deadline"
    assert error.message == 'invalid type: string "soon", expected a whole number of 0 or more'
    assert error.hint == "write the number in digits, without quotes, for example: deadline = 10"
    assert str(error).startswith(f"{bad}, line 5, key `base.deadline`: invalid type")
    # A ConfigError is a ValueError, and keeps its attributes across processes.
    assert isinstance(error, ValueError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.file, again.line, again.key, again.hint) == (
        error.file,
        error.line,
        error.key,
        error.hint,
    )


def test_check_of_a_dict_names_the_key_and_suggests_a_fix() -> None:
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.check({"base": {"case": "job-offr"}})
    error = caught.value
    assert error.file is None and error.line is None
    assert error.key == "base.case"
    assert error.message == "unknown case `job-offr`"
    assert error.hint is not None and error.hint.startswith("did you mean `job-offer`?")


def test_demo_narrates_what_negsim_demo_prints() -> None:
    played = negsim.demo("job-offer", "collaborative", seed=3)
    cli = run_cli(
        "demo", "job-offer", "--culture", "collaborative", "--seed", "3", "--width", "0"
    ).stdout
    assert played.narration.rstrip("\n") == cli.rstrip("\n")
    assert played.replay_code == "job-offer:collaborative:s3:d30"
    assert played.fork is None
    [process] = played.processes
    assert process.culture == "collaborative"
    assert [seat.key for seat in process.stakeholders] == ["candidate", "manager"]
    assert process.events[0] == transcript.RoundStarted(round=1)
    ends = [e for e in process.events if isinstance(e, transcript.Agreed)]
    if process.outcome == "agreement":
        assert len(ends) == 1 and process.agreement is not None
        assert set(process.agreement) == {
            "salary", "bonus", "start", "team", "vacation", "remote", "training", "relocation"
        }
        # Nobody accepts less than its BATNA.
        assert all(seat.utility >= seat.batna for seat in process.stakeholders)
    assert process.rounds == max(e.round for e in process.events)
    events = process.events_frame()
    assert events.height == len(process.events)
    assert events.columns[:2] == ["round", "event"]
    assert events["round"].dtype == pl.Int64
    # The replay code plays the same demonstration again.
    assert negsim.demo(replay=played.replay_code).narration == played.narration


def test_highlights_narrate_only_the_turning_points_as_negsim_demo_does() -> None:
    full = negsim.demo("office-reorganisation", "positional", seed=2)
    short = negsim.demo("office-reorganisation", "positional", seed=2, highlights=True)
    cli = run_cli(
        "demo", "office-reorganisation", "--culture", "positional", "--seed", "2",
        "--highlights", "--width", "0",
    ).stdout
    assert short.narration.rstrip("\n") == cli.rstrip("\n")
    assert len(short.narration) < len(full.narration)
    # The processes are the same: only the telling is shorter.
    assert short.processes[0].events == full.processes[0].events


def test_a_comparison_plays_the_same_people_in_each_culture() -> None:
    compared = negsim.demo("job-offer", ["collaborative", "positional"], seed=3)
    assert [p.name for p in compared.processes] == ["collaborative", "positional"]
    first, second = (p.stakeholders for p in compared.processes)
    assert [s.key for s in first] == [s.key for s in second]
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.demo("job-offer", ["collaborative"])
    assert caught.value.key == "culture"
    assert "--" not in str(caught.value)


def test_demo_errors_speak_python() -> None:
    with pytest.raises(negsim.ConfigError) as caught:
        negsim.demo("no-such-case", "collaborative")
    assert caught.value.message == "unknown case `no-such-case`"
    assert caught.value.key == "case"
    assert caught.value.hint is not None and "job-offer" in caught.value.hint
    assert "--culture" not in str(caught.value) and "--compare" not in str(caught.value)


def test_help_answers() -> None:
    for function in (negsim.run, negsim.check, negsim.demo):
        assert function.__doc__ and len(function.__doc__) > 200, function.__name__
    assert Path(negsim.__file__).with_name("py.typed").is_file()


class Holdout(negsim.Strategy):
    """Proposes its best package every round and accepts nothing."""

    def respond(self, observation, rng) -> bool:
        return False

    def propose(self, observation, rng) -> list[int]:
        return observation.package_near(observation.best_utility)


class Silent(negsim.Strategy):
    def propose(self, observation, rng) -> list[int]:
        raise LookupError("the model is not answering")


def test_a_demo_seats_a_python_strategy_a_culture_names(tmp_path: Path) -> None:
    from conftest import REPO

    culture = (Path(REPO) / "configs/cultures/positional.toml").read_text()
    culture = culture.replace('name = "positional"', 'tactic = "holdout"\nname = "holdouts"', 1)
    path = tmp_path / "holdouts.toml"
    path.write_text(culture)
    shown = negsim.demo("job-offer", str(path), deadline=6, strategies={"holdout": Holdout})
    (process,) = shown.processes
    # Nobody accepts anything: the table runs to its deadline.
    assert process.outcome == "deadline" and process.rounds == 6
    assert "holdouts" in shown.narration
    # Registered for that call only.
    with pytest.raises(negsim.ConfigError):
        negsim.demo("job-offer", str(path), deadline=6)
    with pytest.raises(LookupError, match="the model is not answering") as failed:
        negsim.demo("job-offer", str(path), deadline=6, strategies={"holdout": Silent})
    assert "negsim stopped: strategy `holdout` failed" in " ".join(failed.value.__notes__)
