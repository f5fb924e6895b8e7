"""A Python class takes a seat: named as a tactic, it plays through negsim's strategy plug-in
point, reproducibly, and its mistakes come back as exceptions."""

from __future__ import annotations

import random

import polars as pl
import pytest

import negsim


def table(mine: str = "mine", other: str = "boulware", replications: int = 20) -> dict:
    return {
        "experiment": {"name": "strategy-test", "seed": 4, "replications": replications},
        "base": {"case": "job-offer", "protocol": "alternating_offers", "deadline": 10},
        "condition": [
            {
                "name": "c",
                "stakeholders": {"candidate": {"tactic": mine}, "manager": {"tactic": other}},
            }
        ],
    }


class Yielding:
    """Accepts whatever is on the table; proposes its best package."""

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        return True

    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        return o.package_near(o.best_utility)


def test_a_yielding_class_accepts_the_boulware_opening_in_round_two() -> None:
    results = negsim.run(table(), strategies={"mine": Yielding})
    processes = results.processes
    # Round 1: the candidate proposes, Boulware counters with its best; round 2: accepted.
    assert processes["outcome"].unique().to_list() == ["agreement"]
    assert processes["rounds"].unique().to_list() == [2]
    tactics = results.stakeholders.select("stakeholder", "tactic").unique(maintain_order=True)
    assert tactics.rows() == [("candidate", "mine"), ("manager", "boulware")]


class Observer(negsim.Strategy):
    """Linear concession (the base class), recording what it is shown."""

    seen: list[tuple] = []

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        assert o.offer is not None and o.offer_utility is not None
        assert o.utility(o.offer) == o.offer_utility
        assert set(o.describe(o.offer)) == set(o.issues)
        Observer.seen.append((o.stakeholder, o.round, o.deadline, o.proposer, len(o.trust)))
        return super().respond(o, rng)


def test_the_observation_describes_the_turn() -> None:
    Observer.seen = []
    negsim.run(table(replications=1), strategies={"mine": Observer})
    assert Observer.seen, "respond was called"
    stakeholder, first_round, deadline, proposer, trust = Observer.seen[0]
    assert (stakeholder, first_round, deadline, proposer, trust) == ("candidate", 2, 10, 1, 2)
    rounds = [s[1] for s in Observer.seen]
    assert rounds == sorted(rounds) and len(set(rounds)) == len(rounds)


def test_the_base_class_concedes_and_beats_its_batna() -> None:
    results = negsim.run(table(other="conceder"), strategies={"mine": negsim.Strategy})
    assert results.processes["agreed"].all()
    mine = results.stakeholders.filter(pl.col("tactic") == "mine")
    assert mine["beat_batna"].all()


class Coin:
    """Accepts with probability one half (above its BATNA); proposes at a random target."""

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        return rng.random() < 0.5 and (o.offer_utility or 0.0) >= o.batna

    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        return o.package_near(o.batna + (o.best_utility - o.batna) * rng.random())


def test_a_random_class_is_reproducible_for_any_number_of_threads() -> None:
    one = negsim.run(table(other="tit_for_tat", replications=40), strategies={"mine": Coin}, threads=1)
    two = negsim.run(table(other="tit_for_tat", replications=40), strategies={"mine": Coin}, threads=2)
    assert one.processes.equals(two.processes, null_equal=True)
    assert one.stakeholders.equals(two.stakeholders, null_equal=True)
    # The seat's stream makes the processes differ.
    assert one.processes["rounds"].n_unique() > 1
    other_seed = negsim.run(
        table(other="tit_for_tat", replications=40), strategies={"mine": Coin}, seed=5
    )
    assert not one.processes.equals(other_seed.processes, null_equal=True)


class Leaving(negsim.Strategy):
    def walk_out(self, o: negsim.Observation, rng: random.Random) -> bool:
        return o.round >= 3


def test_walking_out_ends_the_process() -> None:
    results = negsim.run(table(other="boulware", replications=2), strategies={"mine": Leaving})
    assert results.processes["outcome"].unique().to_list() == ["walk_out"]
    assert results.processes["rounds"].unique().to_list() == [3]


class Broken(negsim.Strategy):
    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        raise RuntimeError("the model is not answering")


class WrongLength(negsim.Strategy):
    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        return [0]


class OutOfRange(negsim.Strategy):
    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        return [99] * len(o.issues)


class Incomplete:
    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        return False


def test_a_strategys_exception_stops_the_run_and_is_raised() -> None:
    with pytest.raises(RuntimeError, match="the model is not answering"):
        negsim.run(table(replications=200), strategies={"mine": Broken})
    with pytest.raises(ValueError, match="propose\\(\\) of strategy `mine` returned a bad value: a package has an option index for each of the 8 issues, got 1"):
        negsim.run(table(), strategies={"mine": WrongLength})
    with pytest.raises(ValueError, match="has options 0 to"):
        negsim.run(table(), strategies={"mine": OutOfRange})
    with pytest.raises(TypeError, match="strategy `mine` has no method propose"):
        negsim.run(table(), strategies={"mine": Incomplete})
    # The next run is not affected.
    assert negsim.run(table(), strategies={"mine": Yielding}).processes.height == 20


def test_names_and_tables_are_checked() -> None:
    with pytest.raises(negsim.ConfigError, match="built-in tactic"):
        negsim.run(table(), strategies={"boulware": Yielding})
    with pytest.raises(TypeError, match="must be a class"):
        negsim.run(table(), strategies={"mine": Yielding()})
    with pytest.raises(negsim.ConfigError) as unknown:
        negsim.run(table(mine="not_registered_anywhere"))
    assert unknown.value.key == "condition.c.stakeholders.candidate.tactic" or (
        unknown.value.key is not None and unknown.value.key.endswith("candidate.tactic")
    )
    # A classic tactic needs alternating offers; a Python strategy plays at either table.
    mindset = table(other="boulware")
    mindset["base"]["protocol"] = "mindset"
    with pytest.raises(negsim.ConfigError, match="classic tactic; it needs protocol") as classic:
        negsim.check(mindset, strategies={"mine": Yielding})
    assert classic.value.key is not None and classic.value.key.endswith("manager.tactic")


def test_check_accepts_the_strategies_run_accepts() -> None:
    experiment = table(mine="checked_only", replications=3)
    with pytest.raises(negsim.ConfigError) as unknown:
        negsim.check(experiment)
    assert unknown.value.key is not None and unknown.value.key.endswith("candidate.tactic")
    described = negsim.check(experiment, strategies={"checked_only": Yielding})
    assert "3" in described and "c" in described
    with pytest.raises(negsim.ConfigError) as taken:
        negsim.check(experiment, strategies={"linear": Yielding})
    assert taken.value.key == "strategies"
    with pytest.raises(TypeError, match="must be a class"):
        negsim.check(experiment, strategies={"checked_only": Yielding()})


class Talker(negsim.Strategy):
    """The base class's concession, telling the table one issue a round by its key, and
    recording what it sees at a mindset table."""

    seen: list[tuple] = []

    def disclose(self, o: negsim.Observation, rng: random.Random) -> str | None:
        Talker.seen.append(("disclose", o.protocol, o.round, len(o.packages)))
        undisclosed = [key for key, done in zip(o.issues, o.disclosed) if not done]
        return undisclosed[0] if undisclosed else None

    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        Talker.seen.append(("propose", o.protocol, o.round, o.statements[o.seat]))
        return super().propose(o, rng)

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        assert o.offer is not None and o.proposer is not None and o.proposer != o.seat
        slots = [slot for slot, _, _ in o.packages]
        assert o.proposer in slots and o.seat in slots
        for _, package, utility in o.packages:
            assert o.utility(package) == utility
        assert len(o.interests) * len(o.trust) == len(o.beliefs)
        return super().respond(o, rng)


def test_a_python_class_plays_every_decision_at_a_four_party_mindset_table() -> None:
    experiment = {
        "experiment": {"name": "mindset-strategy", "seed": 8, "replications": 6},
        "base": {"case": "park-redesign", "deadline": 12, "culture": "collaborative"},
        "condition": [{"name": "c", "stakeholders": {"council": {"tactic": "talker"}}}],
    }
    Talker.seen.clear()
    results = negsim.run(experiment, strategies={"talker": Talker}, threads=2)
    assert results.processes.height == 6
    tactics = dict(results.stakeholders.select("stakeholder", "tactic").unique().rows())
    assert tactics["council"] == "talker" and tactics["residents"] == "mindset"
    assert {s[1] for s in Talker.seen} == {"mindset"}
    # It speaks in round 1 (nothing on the table yet) and hears itself at the proposal.
    first = [s for s in Talker.seen if s[2] == 1]
    assert ("disclose", "mindset", 1, 0) in first
    assert any(s[0] == "propose" and s[3] == (0, False) for s in first)
    again = negsim.run(experiment, strategies={"talker": Talker}, threads=1)
    assert again.processes.equals(results.processes)
    assert again.stakeholders.equals(results.stakeholders)


class Recaller(negsim.Strategy):
    """The base class's concession, counting at each answer how many different beliefs it
    holds about the others."""

    distinct: list[int] = []

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        total = len(o.interests)
        rows = {
            tuple(o.beliefs[t * total : (t + 1) * total])
            for t in range(len(o.trust))
            if t != o.seat
        }
        Recaller.distinct.append(len(rows))
        return super().respond(o, rng)


def test_beyond_its_belief_memory_a_strategy_sees_one_general_impression() -> None:
    experiment = {
        "experiment": {"name": "belief-memory", "seed": 8, "replications": 4},
        "base": {"case": "park-redesign", "deadline": 12, "culture": "collaborative"},
        "condition": [{"name": "c", "stakeholders": {"council": {"tactic": "recaller"}}}],
    }
    # With the default memory the three others are told apart once they have spoken.
    Recaller.distinct.clear()
    negsim.run(experiment, strategies={"recaller": Recaller})
    assert max(Recaller.distinct) == 3
    # Remembering one of them, the other two share the general impression.
    experiment["base"]["parameters"] = {"belief_memory": 1}
    Recaller.distinct.clear()
    negsim.run(experiment, strategies={"recaller": Recaller})
    assert Recaller.distinct and max(Recaller.distinct) == 2


def test_help_answers_for_strategies() -> None:
    assert negsim.Strategy.__doc__ and negsim.strategy.__doc__
    assert "strategies" in (negsim.run.__doc__ or "")
    assert negsim.Observation.package_near.__doc__


class FailsLate(negsim.Strategy):
    """Linear concession that raises in round 4 of every process from the sixth on."""

    made = 0

    def __init__(self) -> None:
        FailsLate.made += 1
        self.doomed = FailsLate.made > 5

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        if self.doomed and o.round >= 4:
            raise RuntimeError("the model is not answering")
        return super().respond(o, rng)


def test_a_failed_run_leaves_an_unfinished_folder_of_untouched_processes(tmp_path) -> None:
    out = tmp_path / "run"
    FailsLate.made = 0
    with pytest.raises(RuntimeError, match="the model is not answering") as failed:
        negsim.run(table(replications=30), strategies={"mine": FailsLate}, out=out, threads=1)
    notes = "\n".join(getattr(failed.value, "__notes__", []))
    assert "strategy `mine` failed: RuntimeError: the model is not answering (process 5)" in notes
    assert "the 5 processes before the first it touched are written" in notes
    # Not a finished run: no manifest; the five processes before the failure, none after.
    assert not (out / "manifest.json").exists()
    rows = (out / "processes.csv.partial").read_text().splitlines()[1:]
    assert len(rows) == 5 and not any("walk_out" in r for r in rows)
    with pytest.raises(negsim.ConfigError, match="holds an unfinished run"):
        negsim.run(table(replications=30), strategies={"mine": Yielding}, out=out)
    # Other code does not resume it; the same code starts over only when forced.
    with pytest.raises(negsim.ConfigError, match="strategy `mine` has other code"):
        negsim.run(table(replications=30), strategies={"mine": Yielding}, out=out, resume=True)
    done = negsim.run(table(replications=30), strategies={"mine": Yielding}, out=out, force=True)
    assert done.processes.height == 30
    manifest = (out / "manifest.json").read_text()
    assert '"strategies"' in manifest and '"mine": "python:' in manifest


def test_strategies_are_registered_for_their_own_run_only() -> None:
    assert negsim.run(table(replications=2), strategies={"mine": Yielding}).processes.height == 2
    with pytest.raises(negsim.ConfigError, match="mine"):
        negsim.run(table(replications=2))
    with pytest.raises(negsim.ConfigError, match="mine"):
        negsim.check(table(replications=2))
    with pytest.raises(TypeError, match="strategies must be a mapping"):
        negsim.run(table(replications=2), strategies=[Yielding])  # type: ignore[arg-type]


def test_a_failing_run_in_another_thread_leaves_this_one_alone() -> None:
    from concurrent.futures import ThreadPoolExecutor

    alone = negsim.run(table(mine="fine", replications=300), strategies={"fine": Yielding})
    FailsLate.made = 0
    with ThreadPoolExecutor(2) as pool:
        fine = pool.submit(
            negsim.run, table(mine="fine", replications=300), strategies={"fine": Yielding}
        )
        failing = pool.submit(
            negsim.run, table(replications=30), strategies={"mine": FailsLate}, threads=1
        )
        with pytest.raises(RuntimeError, match="the model is not answering"):
            failing.result()
        assert fine.result().processes.equals(alone.processes)


class Believer(negsim.Strategy):
    """Linear concession, recording what it believes of itself."""

    seen: list[negsim.Observation] = []

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        Believer.seen.append(o)
        return super().respond(o, rng)


def test_the_observation_holds_believed_priorities_that_give_its_own_interests() -> None:
    Believer.seen = []
    negsim.run(table(replications=1), strategies={"mine": Believer})
    o = Believer.seen[0]
    k, total = len(o.issues), len(o.interests)
    assert len(o.priorities) == 2 * k and len(o.beliefs) == 2 * total
    own_valuations = o.beliefs[o.seat * total : (o.seat + 1) * total]
    own_priorities = o.priorities[o.seat * k : (o.seat + 1) * k]
    assert all(0.0 <= v <= 1.0 for v in own_valuations)
    # Its own row, weighted by its own normalised priorities, is its interests.
    issue_of = [i for i, options in enumerate(o.options) for _ in options]
    weights = [own_priorities[i] / sum(own_priorities) for i in issue_of]
    assert [w * v for w, v in zip(weights, own_valuations)] == pytest.approx(o.interests)


class SaysNo(negsim.Strategy):
    """Answers in words, which a strategy must not: "no" is a true string."""

    def respond(self, o: negsim.Observation, rng: random.Random) -> bool:
        return "no"  # type: ignore[return-value]


class FloatIndex(negsim.Strategy):
    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        package = o.package_near(o.best_utility)
        return [package[0], float(package[1]), *package[2:]]  # type: ignore[list-item]


class NotANumber(negsim.Strategy):
    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        return o.package_near(float("nan"))


def test_a_value_of_the_wrong_kind_fails_rather_than_being_read_generously() -> None:
    with pytest.raises(
        TypeError,
        match="respond\\(\\) of strategy `mine` returned a bad value: "
        "expected True or False, got str 'no'",
    ):
        negsim.run(table(other="conceder"), strategies={"mine": SaysNo})
    with pytest.raises(
        TypeError, match="a package's option indices are whole numbers; item 1 is float"
    ):
        negsim.run(table(), strategies={"mine": FloatIndex})
    with pytest.raises(ValueError, match="package_near\\(\\) takes a target utility, got nan"):
        negsim.run(table(), strategies={"mine": NotANumber})


class Introspective(negsim.Strategy):
    """The base class's concession, keeping what it is told about itself and the table."""

    seen: list[negsim.Observation] = []

    def propose(self, o: negsim.Observation, rng: random.Random) -> list[int]:
        Introspective.seen.append(o)
        return super().propose(o, rng)


def test_the_observation_tells_who_sits_where_and_what_the_world_gets() -> None:
    experiment = {
        "experiment": {"name": "introspective", "seed": 5, "replications": 1},
        "base": {"case": "park-redesign", "deadline": 6, "culture": "collaborative"},
        "condition": [
            {
                "name": "c",
                "norms": {"decision_rule": "consent"},
                "stakeholders": {"council": {"tactic": "mine", "openness": 0.125}},
            }
        ],
    }
    Introspective.seen.clear()
    negsim.run(experiment, strategies={"mine": Introspective})
    o = Introspective.seen[0]
    assert o.stakeholders[o.seat] == "council" == o.stakeholder
    assert len(o.stakeholders) == len(o.trust)
    assert o.decision_rule == "consent"
    assert o.traits["openness"] == 0.125
    assert set(o.traits) == {
        "openness", "empathy", "concession_willingness", "assertiveness",
        "world_orientation", "creativity", "composure", "trust_propensity",
    }
    assert len(o.world_values) == len(o.interests)
    assert 0.0 < o.world_threshold <= 1.0
    # Under alternating offers there is no decision rule: all accept in turn.
    Introspective.seen.clear()
    negsim.run(table(replications=1), strategies={"mine": Introspective})
    assert Introspective.seen[0].decision_rule is None
