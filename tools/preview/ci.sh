#!/usr/bin/env bash
# CI: installs what the dialog preview needs, draws the certificate dialog in every language
# into artifacts/preview/, and fails when a drawing fails or comes out blank.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$repo/artifacts/preview

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  xvfb x11-apps wine wine64 msitools wixl imagemagick fonts-wine >/dev/null

rm -rf "$out"
"$repo/tools/preview/preview.sh" "$out"

count=0
for png in "$out"/CertDeployCertificateDlg.*.png; do
  [ -f "$png" ] || continue
  size=$(/usr/bin/convert "$png" -format '%w %h' info:)
  spread=$(/usr/bin/convert "$png" -format '%[fx:standard_deviation]' info:)
  # A drawn dialog has text, lines and buttons: its pixels vary. A blank or one-colour
  # picture, or one much smaller than the 493 x 360 pixels of the dialog, is a failed drawing.
  if ! awk -v s="$spread" -v size="$size" 'BEGIN { split(size, d, " ");
         exit !(s > 0.05 && d[1] >= 400 && d[2] >= 300) }'; then
    echo "preview CI: $png looks blank or cut ($size, standard deviation $spread)" >&2
    exit 1
  fi
  echo "preview CI: $png $size, standard deviation $spread"
  count=$((count + 1))
done

expected=$(ls "$repo"/installer/CertDeploy.*.wxl | wc -l)
if [ "$count" -ne "$expected" ]; then
  echo "preview CI: $count pictures for $expected languages" >&2
  exit 1
fi
