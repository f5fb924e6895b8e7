#!/usr/bin/env bash
# Runs one negsim experiment as a SLURM job array: one shard per array task.
#
#   sbatch --array=1-16 experiments/cluster/slurm-array.sh experiments/culture-comparison.toml 16
#
# The second argument is the number of shards N, the same as the array's size. It is given
# explicitly because SLURM's own count changes when tasks are resubmitted (--array=3,7 has a
# count of 2). Every task writes output/<name>/shard-K (K = array index, 1 to N). When all
# tasks are done, merge them (for example as a dependent job):
#
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "negsim merge output/culture-comparison/shard-* --out output/culture-comparison/merged"
#
# A task that was killed (time limit, pre-emption) can be resubmitted as it is, with the same
# N: the script resumes an unfinished shard, and a shard killed before its first checkpoint
# starts again.
#SBATCH --job-name=negsim
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=negsim-%A_%a.log
set -euo pipefail

usage="usage: sbatch --array=1-N slurm-array.sh <experiment.toml> <N> [output folder]"
experiment=${1:?$usage}
n=${2:?$usage}
k=${SLURM_ARRAY_TASK_ID:?run this script as a SLURM array job (sbatch --array=1-N)}
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "slurm-array.sh: the number of shards must be a whole number of 1 or more, found '$n'" >&2
  echo "$usage" >&2
  exit 2
fi
if [ "$k" -lt 1 ] || [ "$k" -gt "$n" ]; then
  echo "slurm-array.sh: array index $k is not a shard of $n; submit with --array=1-$n" >&2
  exit 2
fi
name=$(basename "$experiment" .toml)
out=${3:-output/$name}/shard-$k
threads=${SLURM_CPUS_PER_TASK:-1}

if [ -f "$out/progress.json" ]; then
  exec negsim run "$experiment" --shard "$k/$n" --out "$out" --threads "$threads" --resume
else
  exec negsim run "$experiment" --shard "$k/$n" --out "$out" --threads "$threads"
fi
