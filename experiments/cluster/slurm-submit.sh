#!/usr/bin/env bash
# Submits an experiment to SLURM as N shards (a job array running at most M tasks at once)
# and the merge of the shards as a job that starts when every shard has finished.
#
#   experiments/cluster/slurm-submit.sh experiments/culture-comparison.toml 16 8
#
# Arguments: the experiment file, the number of shards N, the most array tasks to run at once
# M (default 8), and the output folder (default output/<experiment name>; the shards go into
# shard-1 ... shard-N in it, the merged results into merged/). Extra sbatch options can be
# given in SBATCH_OPTIONS, e.g. SBATCH_OPTIONS="--partition=long --time=04:00:00".
# negsim is found as slurm-array.sh finds it ($NEGSIM, the PATH, or target/release/negsim here).
set -euo pipefail

usage="usage: slurm-submit.sh <experiment.toml> <N> [max tasks at once] [output folder]"
experiment=${1:?$usage}
n=${2:?$usage}
max=${3:-8}
name=$(basename "$experiment" .toml)
out=${4:-output/$name}
for v in "$n" "$max"; do
  if ! [[ "$v" =~ ^[1-9][0-9]*$ ]]; then
    echo "slurm-submit.sh: shards and tasks at once are whole numbers of 1 or more, found '$v'" >&2
    echo "$usage" >&2
    exit 2
  fi
done
here=$(cd "$(dirname "$0")" && pwd)
negsim=${NEGSIM:-$(command -v negsim || echo "$PWD/target/release/negsim")}
if [ ! -x "$negsim" ]; then
  echo "slurm-submit.sh: negsim not found: set NEGSIM, put negsim on the PATH, or build it with cargo build --release" >&2
  exit 2
fi
# Checked here, before anything is queued: a typing slip, or more shards than the run has
# processes, fails now, not in N tasks.
"$negsim" check "$experiment" --shard "1/$n" >/dev/null

# shellcheck disable=SC2086 # SBATCH_OPTIONS holds several options
array=$(sbatch --parsable ${SBATCH_OPTIONS:-} --export=ALL,NEGSIM="$negsim" \
  --array="1-$n%$max" "$here/slurm-array.sh" "$experiment" "$n" "$out")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} --job-name=negsim-merge \
  --dependency="afterok:$array" --output="negsim-merge-%j.log" \
  --wrap "cd '$PWD' && '$negsim' merge '$out'/shard-* --out '$out/merged'")
echo "shards: job array $array ($n tasks, at most $max at once) writing $out/shard-1 ... $out/shard-$n"
echo "merge: job ${merge%%;*}, after every shard has finished, writing $out/merged"
