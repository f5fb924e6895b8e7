#!/usr/bin/env bash
# Runs one negsim experiment as a SLURM job array: one shard per array task.
#
#   sbatch --array=1-16 experiments/cluster/slurm-array.sh experiments/culture-comparison.toml
#
# Every task writes output/<name>/shard-K (K = array index, N = array size). When all tasks are
# done, merge them (for example as a dependent job):
#
#   sbatch --dependency=afterok:<array job id> --wrap \
#     "negsim merge output/culture-comparison/shard-* --out output/culture-comparison/merged"
#
# A task that was killed (time limit, pre-emption) can be resubmitted as it is: the script
# resumes an unfinished shard instead of starting it again.
#SBATCH --job-name=negsim
#SBATCH --cpus-per-task=4
#SBATCH --time=02:00:00
#SBATCH --output=negsim-%A_%a.log
set -euo pipefail

experiment=${1:?usage: sbatch --array=1-N slurm-array.sh <experiment.toml> [output folder]}
k=${SLURM_ARRAY_TASK_ID:?run this script as a SLURM array job (sbatch --array=1-N)}
n=${SLURM_ARRAY_TASK_COUNT:?run this script as a SLURM array job (sbatch --array=1-N)}
name=$(basename "$experiment" .toml)
out=${2:-output/$name}/shard-$k
threads=${SLURM_CPUS_PER_TASK:-1}

if [ -f "$out/progress.json" ]; then
  exec negsim run "$experiment" --shard "$k/$n" --out "$out" --threads "$threads" --resume
else
  exec negsim run "$experiment" --shard "$k/$n" --out "$out" --threads "$threads"
fi
