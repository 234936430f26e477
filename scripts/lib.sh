# Shared by the scripts: repository root, logging, and apt installs that skip what is there.
set -euo pipefail
AURAE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AURAE_ROOT

log() { printf '==> %s\n' "$*" >&2; }

# apt_install PACKAGE...: installs the packages not yet installed (needs root or sudo).
apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What building the static daemon needs (NativeAOT links with clang + lld, OpenSSL statically).
BUILD_PACKAGES=(clang lld libssl-dev zlib1g-dev cmake make file)

# Boot loader files the composer takes from the build host for the uki, iso and disk outputs:
# systemd's EFI stub, ISOLINUX and its isohybrid MBR, and ldlinux.c32.
BOOT_FILE_PACKAGES=(systemd-boot-efi isolinux syslinux-common)

# Independent tools the tests check our images with, and the firmware they boot them under;
# for Secure Boot and measured boot: efitools (key variables), sbsigntool and osslsigncode
# (Authenticode), swtpm and tpm2-tools (a TPM to measure into and quote from).
VALIDATION_PACKAGES=(kmod xorriso genisoimage dosfstools mtools gdisk fdisk qemu-utils binutils lz4 ovmf python3-pefile file
  efitools sbsigntool osslsigncode swtpm swtpm-tools tpm2-tools)
