#!/usr/bin/env bash
# Runs one negsim experiment as a SLURM job array: one shard per array task.
#
#   sbatch --array=1-16%8 experiments/cluster/slurm-array.sh experiments/culture-comparison.toml 16
#
# The second argument is the number of shards N, the same as the array's size. It is given
# explicitly because SLURM's own count changes when tasks are resubmitted (--array=3,7 has a
# count of 2). `%8` runs at most 8 tasks at once (choose what your share of the cluster
# allows). Every task writes output/<name>/shard-K (K = array index, 1 to N). When all tasks
# are done, merge them (or submit with experiments/cluster/slurm-submit.sh, which queues the
# merge as a dependent job):
#
#   negsim merge output/culture-comparison/shard-* --out output/culture-comparison/merged
#
# Preemption and time limits: SLURM sends this script SIGTERM 120 seconds before the time
# limit (--signal=B:TERM@120 below). The script passes it on to negsim, which finishes the
# block under way, leaves a resumable shard and exits with 143; the script then requeues its
# task (scontrol requeue), and the requeued task resumes the shard where it stopped. A task
# preempted by a job of higher priority is requeued by SLURM itself (--requeue) and resumes
# the same way. Resubmitting a task by hand, with the same N, is safe too: a shard that is
# finished is checked and left as it is, an unfinished one is resumed.
#
# negsim is the program in $NEGSIM if set (sbatch --export=ALL,NEGSIM=/path/to/negsim ...),
# else `negsim` on the PATH, else target/release/negsim in the folder the job was submitted
# from (a `cargo build --release` there).
#SBATCH --job-name=negsim
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=negsim-%A_%a.log
#SBATCH --open-mode=append
#SBATCH --requeue
#SBATCH --signal=B:TERM@120
set -euo pipefail

usage="usage: sbatch --array=1-N%M slurm-array.sh <experiment.toml> <N> [output folder]"
experiment=${1:?$usage}
n=${2:?$usage}
k=${SLURM_ARRAY_TASK_ID:?run this script as a SLURM array job (sbatch --array=1-N%M)}
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "slurm-array.sh: the number of shards must be a whole number of 1 or more, found '$n'" >&2
  echo "$usage" >&2
  exit 2
fi
if [ "$k" -lt 1 ] || [ "$k" -gt "$n" ]; then
  echo "slurm-array.sh: array index $k is not a shard of $n; submit with --array=1-$n" >&2
  exit 2
fi

submitted=${SLURM_SUBMIT_DIR:-$PWD}
cd "$submitted"
negsim=${NEGSIM:-}
if [ -z "$negsim" ]; then
  if command -v negsim >/dev/null 2>&1; then
    negsim=$(command -v negsim)
  elif [ -x "$submitted/target/release/negsim" ]; then
    negsim=$submitted/target/release/negsim
  else
    echo "slurm-array.sh: negsim not found: set NEGSIM (sbatch --export=ALL,NEGSIM=/path/to/negsim ...), put negsim on the PATH, or build it with cargo build --release in $submitted" >&2
    exit 2
  fi
fi

name=$(basename "$experiment" .toml)
out=${3:-output/$name}/shard-$k
threads=${SLURM_CPUS_PER_TASK:-1}
# This task's id for `scontrol requeue`: an array task is <array job id>_<index>.
task=${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_$k}
task=${task:-${SLURM_JOB_ID:-}}

# --resume continues an unfinished shard, checks a finished one (and leaves it as it is),
# and starts one where none was saved; a folder holding anything else is refused.
args=(run "$experiment" --shard "$k/$n" --out "$out" --threads "$threads" --resume)
echo "slurm-array.sh: task $task (restart ${SLURM_RESTART_COUNT:-0}): $negsim ${args[*]}"

# negsim runs in the background so that this shell can take SLURM's signal and pass it on.
stopping=0
"$negsim" "${args[@]}" &
pid=$!
trap 'stopping=1; kill -TERM "$pid" 2>/dev/null || true' TERM
status=0
# `wait` returns early when the trap runs; wait again until negsim has ended.
while true; do
  wait "$pid" && status=0 || status=$?
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
done
trap - TERM

if [ "$stopping" = 1 ] && [ "$status" -ne 0 ]; then
  echo "slurm-array.sh: stopped by SIGTERM (negsim exit code $status); the shard in $out is resumable" >&2
  if [ -n "$task" ] && scontrol requeue "$task"; then
    echo "slurm-array.sh: task $task requeued; it resumes the shard when it starts again" >&2
    exit 0
  fi
  # The same output folder and program as the other tasks, so that the shard is resumed where
  # they are and merged with them.
  echo "slurm-array.sh: could not requeue task ${task:-?}; resubmit it: sbatch --array=$k --export=ALL,NEGSIM=$negsim experiments/cluster/slurm-array.sh $experiment $n ${out%/shard-$k}" >&2
fi
exit "$status"
