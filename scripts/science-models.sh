# The models docs/science.md shows, by name (sourced by science-figures.sh and sink-figures.sh,
# which set $root and $shared first).
declare -A models=(
  [stories260K]="$shared/models/stories260K/stories260K.bin"
  [babyllama]="$shared/models/babyllama-tok105/model5000.bin"
)
if [[ -d "$root/resources/models/demo" ]]; then models[demo]="$root/resources/models/demo"; fi
