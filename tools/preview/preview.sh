#!/usr/bin/env bash
# Draws the certificate dialog (CertDeployCertificateDlg) as Wine's msiexec shows it, one PNG
# per language, from the real authoring: installer/CertDeploy.Dialog.wxs, the .wxl files and the
# certificates in shared/certs formatted by the core. It is Wine's rendering, not Windows'.
#
#   tools/preview/preview.sh [OUTPUT_FOLDER]      (default: artifacts/preview)
#
# Needs: dotnet, wixl and msibuild (msitools, wixl), wine + wine64, Xvfb (xvfb), xwd (x11-apps),
# /usr/bin/convert (imagemagick), Wine's Tahoma (fonts-wine). tools/preview/ci.sh installs them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$repo/artifacts/preview}
certs=${CERTDEPLOY_CERTS:-$repo/../shared/certs}
fonts=/usr/share/wine/fonts
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in dotnet wixl msibuild wine wineboot wineserver Xvfb xwd /usr/bin/convert; do
  command -v "$tool" >/dev/null || { echo "preview: $tool is missing; run tools/preview/ci.sh" >&2; exit 1; }
done
for font in tahoma.ttf tahomabd.ttf marlett.ttf; do
  [ -f "$fonts/$font" ] || { echo "preview: $fonts/$font is missing (package fonts-wine)" >&2; exit 1; }
done
[ -d "$certs" ] || { echo "preview: no certificates in $certs (set CERTDEPLOY_CERTS)" >&2; exit 1; }

work=$(mktemp -d /tmp/certdeploy-preview.XXXXXX)
xvfb_pid=
cleanup() {
  WINEPREFIX=$work/prefix wineserver -k 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "preview: building the table writer"
dotnet build "$repo/tools/preview/CertDeploy.Preview" -c Release -o "$work/tool" -nologo -v q >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }

export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all
echo "preview: making the Wine prefix"
WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1
cp "$fonts/tahoma.ttf" "$fonts/tahomabd.ttf" "$fonts/marlett.ttf" "$WINEPREFIX/drive_c/windows/Fonts/"

display=:${CERTDEPLOY_PREVIEW_DISPLAY:-99}
Xvfb "$display" -screen 0 800x600x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
kill -0 "$xvfb_pid" 2>/dev/null || { echo "preview: Xvfb did not start on $display" >&2; exit 1; }

for wxl in "$repo"/installer/CertDeploy.*.wxl; do
  culture=$(basename "$wxl" .wxl); culture=${culture#CertDeploy.}
  dir=$work/$culture
  mkdir -p "$dir/idt/Binary"

  echo "preview: $culture tables"
  dotnet "$work/tool/CertDeploy.Preview.dll" "$repo" "$wxl" "$certs" "$dir/idt" \
    ${CERTDEPLOY_PREVIEW_NOW:+"$CERTDEPLOY_PREVIEW_NOW"}

  # WixUI's banner is in WixUI's library, which is not here: a plain white stand-in.
  /usr/bin/convert -size 493x58 xc:white "BMP3:$dir/idt/Binary/WixUI_Bmp_Banner.ibd"

  cat >"$dir/base.wxs" <<WXS
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="CertDeploy preview" Language="1033" Version="0.0.0" Manufacturer="CertDeploy preview"
           UpgradeCode="6A0E9A3C-1D1B-4F55-9C55-2A1F3B0E7D11">
    <Package InstallerVersion="200" Compressed="yes" InstallScope="perUser" />
    <Directory Id="TARGETDIR" Name="SourceDir" />
    <Feature Id="Preview" Level="1" />
  </Product>
</Wix>
WXS
  wixl -o "$dir/preview.msi" "$dir/base.wxs"
  (cd "$dir/idt" && for table in _ForceCodepage Dialog Control ControlEvent ControlCondition EventMapping \
                                 ComboBox TextStyle Property InstallUISequence Binary; do
     msibuild "$dir/preview.msi" -i "$table.idt"
   done)

  echo "preview: $culture drawing"
  png=$out/CertDeployCertificateDlg.$culture.png
  rm -f "$png"
  DISPLAY=$display wine msiexec /i "$dir/preview.msi" /l*v "$dir/msiexec.log" >/dev/null 2>&1 &
  msiexec_pid=$!
  # A fresh prefix takes a while on first use: wait until the screen is no longer one colour.
  for _ in $(seq 1 "${CERTDEPLOY_PREVIEW_TRIES:-30}"); do
    sleep 1
    kill -0 "$msiexec_pid" 2>/dev/null || break
    xwd -root -silent -display "$display" | /usr/bin/convert xwd:- "$dir/screen.png"
    spread=$(/usr/bin/convert "$dir/screen.png" -format '%[fx:standard_deviation]' info:)
    if awk -v s="$spread" 'BEGIN { exit !(s > 0.05) }'; then
      sleep 1   # let the last controls paint
      xwd -root -silent -display "$display" | /usr/bin/convert xwd:- -trim +repage "$png"
      break
    fi
  done
  wineserver -k 2>/dev/null || true
  wait "$msiexec_pid" 2>/dev/null || true
  if [ ! -f "$png" ]; then
    echo "preview: no dialog appeared for $culture; the msiexec log is below" >&2
    iconv -f utf-16le -t utf-8 "$dir/msiexec.log" 2>/dev/null | tail -n 20 >&2 || tail -n 20 "$dir/msiexec.log" >&2
    exit 1
  fi
  echo "preview: wrote $out/CertDeployCertificateDlg.$culture.png"
done
