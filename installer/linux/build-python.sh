#!/usr/bin/env bash
# Build CPython 3.11 for glibc 2.28 (UOS 20, Kylin V10, Debian 10) on a newer Debian machine.
#
# Why: a PyInstaller bundle carries the Python it was built with; the build machine's Python
# needs GLIBC 2.35+, so the bundle would not start on UOS/Kylin. zig's C compiler links against
# the symbol versions of an older glibc (`-target x86_64-linux-gnu.2.28`) and uses its own libc
# headers, so nothing of the build machine's newer glibc or its -dev libraries leaks in.
#
# Sources: Debian's source packages (bookworm) of python3.11 and of the libraries its extension
# modules need (zlib, bzip2, xz-utils, libffi, sqlite3), fetched with `apt-get source`; the
# libraries are built static and position-independent into the modules. No readline (GPLv3),
# no OpenSSL (the program makes no network connection; hashlib keeps its built-in algorithms),
# no Tk, curses, gdbm, uuid: their modules are simply not built.
#
# Result: $OUT/python (prefix with bin/python3.11 and lib/libpython3.11.so, rpath $ORIGIN/../lib).
# Usage: bash installer/linux/build-python.sh [OUT_DIR]     (default build/glibc228)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$(realpath -m "${1:-build/glibc228}")
SRC=$OUT/src
DEPS=$OUT/deps
PREFIX=$OUT/python
JOBS=${JOBS:-2}
GLIBC=${GLIBC:-2.28}
mkdir -p "$SRC" "$DEPS" "$OUT/bin"

if [ -f "$PREFIX/.budget-desk-built" ]; then
  echo "build-python: $PREFIX already built (delete it to rebuild)"; exit 0
fi

# --- the compiler: zig from PyPI, wrapped so that configure scripts see a plain `cc` ---------
if [ ! -x "$OUT/tools/bin/python" ]; then
  python3 -m venv "$OUT/tools"
  "$OUT/tools/bin/pip" install -q "ziglang==0.15.2"
fi
ZIG=$("$OUT/tools/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
export ZIG_GLOBAL_CACHE_DIR=$OUT/zig-cache ZIG_LOCAL_CACHE_DIR=$OUT/zig-cache
for tool in cc c++; do
  # zig's linker does not take -Wl,-h<soname> (CPython's Makefile): it is given -Wl,-soname,<soname>
  cat > "$OUT/bin/$tool" <<WRAPPER
#!/bin/sh
for a in "\$@"; do
  shift
  case "\$a" in -Wl,-h*) set -- "\$@" "-Wl,-soname,\${a#-Wl,-h}" ;; *) set -- "\$@" "\$a" ;; esac
done
exec "$ZIG" $tool -target x86_64-linux-gnu.$GLIBC "\$@"
WRAPPER
done
for tool in ar ranlib; do
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$ZIG" "$tool" > "$OUT/bin/$tool"
done
chmod +x "$OUT"/bin/*
export CC="$OUT/bin/cc" CXX="$OUT/bin/c++" AR="$OUT/bin/ar" RANLIB="$OUT/bin/ranlib"
# only our static libraries are visible to pkg-config; the build machine's are not
export PKG_CONFIG_PATH="$DEPS/lib/pkgconfig" PKG_CONFIG_LIBDIR="$DEPS/lib/pkgconfig"
DEP_CFLAGS="-O2 -fPIC"

# --- sources: Debian bookworm source packages (needs a deb-src line for bookworm) ------------
fetch_source() {  # $1 = source package name; the upstream tarball unpacked into $SRC/$1
  local pkg=$1 orig
  [ -d "$SRC/$pkg" ] && return
  (cd "$SRC" && apt-get source -qq -o Acquire::Retries=3 --download-only "$pkg/bookworm" >/dev/null 2>&1 ||
   apt-get source -qq -o Acquire::Retries=3 --download-only "$pkg/bookworm")
  orig=$(ls "$SRC/${pkg}_"*.orig.tar.* | grep -v -e '-www' -e '\.asc$' | head -1)
  mkdir -p "$SRC/$pkg"
  tar xf "$orig" -C "$SRC/$pkg" --strip-components=1
  tar xf "$(ls "$SRC/${pkg}_"*.debian.tar.* | head -1)" -C "$SRC/$pkg"
}
for pkg in zlib bzip2 xz-utils libffi sqlite3 python3.11; do fetch_source "$pkg"; done

# --- static libraries ---------------------------------------------------------------------
if [ ! -f "$DEPS/lib/libz.a" ]; then
  (cd "$SRC/zlib" && CFLAGS="$DEP_CFLAGS" ./configure --static --prefix="$DEPS" >/dev/null &&
   make -s -j"$JOBS" libz.a >/dev/null && make -s install >/dev/null)
fi
if [ ! -f "$DEPS/lib/libbz2.a" ]; then
  (cd "$SRC/bzip2" && make -s -j"$JOBS" libbz2.a CC="$CC" AR="$AR" RANLIB="$RANLIB" \
     CFLAGS="$DEP_CFLAGS -D_FILE_OFFSET_BITS=64" >/dev/null &&
   install -D -m644 libbz2.a "$DEPS/lib/libbz2.a" && install -D -m644 bzlib.h "$DEPS/include/bzlib.h")
fi
if [ ! -f "$DEPS/lib/liblzma.a" ]; then
  (cd "$SRC/xz-utils" && CFLAGS="$DEP_CFLAGS" ./configure -q --prefix="$DEPS" --disable-shared \
     --enable-static --with-pic --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
     --disable-scripts --disable-doc --disable-nls >/dev/null &&
   make -s -j"$JOBS" >/dev/null && make -s install >/dev/null)
fi
if [ ! -f "$DEPS/lib/libffi.a" ]; then
  (cd "$SRC/libffi" && CFLAGS="$DEP_CFLAGS" ./configure -q --prefix="$DEPS" --libdir="$DEPS/lib" \
     --disable-shared --enable-static --with-pic --disable-docs --disable-multi-os-directory \
     --disable-exec-static-tramp >/dev/null &&
   make -s -j"$JOBS" >/dev/null && make -s install >/dev/null)
fi
if [ ! -f "$DEPS/lib/libsqlite3.a" ]; then
  # the same compile options Python's sqlite3 tests expect from a distribution build
  (cd "$SRC/sqlite3" && CFLAGS="$DEP_CFLAGS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS5 \
     -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_DBSTAT_VTAB" \
     ./configure -q --prefix="$DEPS" --disable-shared --enable-static --with-pic --disable-tcl \
     --disable-readline --disable-editline >/dev/null &&
   make -s -j"$JOBS" libsqlite3.la >/dev/null &&
   install -D -m644 .libs/libsqlite3.a "$DEPS/lib/libsqlite3.a" &&
   install -D -m644 sqlite3.h "$DEPS/include/sqlite3.h" &&
   install -D -m644 src/sqlite3ext.h "$DEPS/include/sqlite3ext.h")
fi

# --- CPython ------------------------------------------------------------------------------
cd "$SRC/python3.11"
if [ ! -f .budget-desk-patched ]; then
  # Debian's security fixes only: its packaging patches (multiarch, dist-packages layout) are
  # for /usr/bin/python3.11, not for a Python inside an application folder.
  sed -n '/^frame_dealloc-crash.diff/,$p' debian/patches/series | grep -v '^#' | while read -r p; do
    [ -n "$p" ] || continue
    case "$p" in skip-xml-tests-*) continue ;; esac
    patch -s -p1 --forward < "debian/patches/$p" || { echo "patch $p failed" >&2; exit 1; }
  done
  touch .budget-desk-patched
fi
# setup.py (which builds most extension modules in 3.11) adds the build machine's /usr/local and
# Debian multiarch folders (/usr/include/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu) to every
# compile and link: glibc 2.36's headers over zig's 2.28 ones break the build, and host libraries
# would be linked in. Only zig's libc and our static libraries may be seen.
python3 - <<'PATCH'
import re
text = open("setup.py").read()
marker = "# budget-desk: no host folders"
if marker not in text:
    text = text.replace("    def add_multiarch_paths(self):\n",
                        "    def add_multiarch_paths(self):\n        return  " + marker + "\n", 1)
    text = text.replace("        if not CROSS_COMPILING:\n            add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')",
                        "        if False:  " + marker + "\n            add_dir_to_list(self.compiler.library_dirs, '/usr/local/lib')", 1)
    assert text.count(marker) == 2, "setup.py changed: adapt build-python.sh"
    open("setup.py", "w").write(text)
PATCH
# Debian's CVE-2026-4224 fix has pyexpat.c include an internal header, which Debian's build
# allows by linking pyexpat into the interpreter; built as a module, it must say so as other
# core modules do
grep -q "budget-desk: core module" Modules/pyexpat.c ||
  sed -i '1i /* budget-desk: core module */\n#ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' Modules/pyexpat.c
mkdir -p build-glibc228 && cd build-glibc228
if [ ! -f Makefile ]; then
  # -Wl,-rpath: the interpreter finds its libpython next to it wherever the folder lies (written
  # \$$ORIGIN: make turns $$ into $, and the recipe's shell reads \$ORIGIN as a literal $ORIGIN)
  CFLAGS="-O2 -Wno-error=date-time" CPPFLAGS="-I$DEPS/include" LDFLAGS="-L$DEPS/lib -Wl,-rpath,\\\$\$ORIGIN/../lib" \
  LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi" \
  LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm" \
  ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz" \
  BZIP2_CFLAGS="-I$DEPS/include" BZIP2_LIBS="-L$DEPS/lib -lbz2" \
  LIBLZMA_CFLAGS="-I$DEPS/include" LIBLZMA_LIBS="-L$DEPS/lib -llzma" \
  ../configure -q --prefix="$PREFIX" --enable-shared --without-readline --with-ensurepip=no \
    --without-doc-strings --with-system-expat=no --with-system-ffi=yes \
    ac_cv_lib_readline_readline=no ac_cv_header_uuid_uuid_h=no ac_cv_header_uuid_h=no \
    py_cv_module__tkinter=n/a py_cv_module__curses=n/a py_cv_module__curses_panel=n/a \
    py_cv_module__gdbm=n/a py_cv_module__dbm=n/a py_cv_module_readline=n/a \
    py_cv_module__ssl=n/a py_cv_module__hashlib=n/a py_cv_module__uuid=n/a py_cv_module_nis=n/a
fi
# PY3LIBRARY= : no libpython3.so (the stable-ABI shim, unused; zig cannot link a library made of
# nothing but another library)
make -s -j"$JOBS" PY3LIBRARY= >"$OUT/python-make.log" 2>&1 || { tail -40 "$OUT/python-make.log"; exit 1; }
# again: setup.py test-imports each module as it is built, and with -j2 _elementtree can come
# before pyexpat, whose C API it imports; it is then set aside ("_failed") and rebuilt here
make -s PY3LIBRARY= >>"$OUT/python-make.log" 2>&1 || { tail -40 "$OUT/python-make.log"; exit 1; }
make -s install PY3LIBRARY= >"$OUT/python-install.log" 2>&1 || { tail -40 "$OUT/python-install.log"; exit 1; }
# stripped here rather than by PyInstaller, whose strip breaks the wheels' patched libraries
# (numpy's OpenBLAS: "ELF load command address/offset not page-aligned")
strip --strip-unneeded "$PREFIX"/lib/libpython3.11.so.1.0 "$PREFIX"/lib/python3.11/lib-dynload/*.so
cd "$ROOT"
objdump -p "$PREFIX/bin/python3.11" | grep -q 'RUNPATH *\$ORIGIN/../lib' || { echo "python3.11: rpath lost" >&2; exit 1; }
PREFIX="$PREFIX" "$PREFIX/bin/python3.11" - <<'EOF'
import sqlite3, zlib, bz2, lzma, ctypes, _decimal, pyexpat, _elementtree, _json, _pickle, hashlib, sys
import os
maps = open("/proc/self/maps").read()
assert os.environ["PREFIX"] + "/lib/libpython3.11.so" in maps, "runs with another libpython"
print("built", sys.version.split()[0], "sqlite", sqlite3.sqlite_version)
EOF
touch "$PREFIX/.budget-desk-built"
