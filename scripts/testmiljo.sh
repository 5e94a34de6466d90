#!/usr/bin/env bash
# Testmiljön för `make test`: installerar det som saknas från Debians paket (Chromium och
# ChromeDriver för webbläsartesterna, PostgreSQL för persistenstesterna, poppler-utils (pdftotext)
# för PDF-texterna i testerna, Pango/HarfBuzz för
# WeasyPrints PDF), startar PostgreSQL-klustret (skapar ett om inget finns), skapar rollen
# skolpeng med lösenord (idempotent) och skriver på standard ut en rad
#   export SKOLPENG_TEST_POSTGRES=postgresql://skolpeng:skolpeng@127.0.0.1:PORT/postgres
# som Makefile läser med eval. Allt annat går till standard fel.
#
# I CI (miljövariabeln CI satt) är varje misslyckande ett fel (exit 1). Utanför CI, utan root
# och utan sudo utan lösenord, varnar skriptet och skriver ingen rad: testerna som behöver
# PostgreSQL eller Chromium hoppas då över.
set -euo pipefail

logg() { echo "testmiljo: $*" >&2; }
misslyckas() {
  logg "$*"
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
}

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    misslyckas "varken root eller sudo utan lösenord: installerar inget (Chromium/PostgreSQL-testerna hoppas över)"
  fi
fi

paket="chromium chromium-driver postgresql libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils libicu-dev pkg-config"
saknas=""
for p in $paket; do dpkg -s "$p" >/dev/null 2>&1 || saknas="$saknas $p"; done
if [ -n "$saknas" ]; then
  logg "installerar$saknas"
  # shellcheck disable=SC2086
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      $sudo apt-get install -y -qq --no-install-recommends $saknas; } >/tmp/testmiljo_apt.log 2>&1 \
    || { cat /tmp/testmiljo_apt.log >&2; misslyckas "kunde inte installera$saknas"; }
fi
[ -x /usr/bin/chromium ] || misslyckas "/usr/bin/chromium saknas efter installationen"

# PostgreSQL: det första klustret (skapas om inget finns), startat.
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  misslyckas "pg_lsclusters saknas (postgresql-common)"
fi
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  logg "skapar PostgreSQL-kluster $version/main"
  $sudo pg_createcluster "$version" main >&2 || misslyckas "kunde inte skapa klustret"
fi
read -r version kluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  logg "startar PostgreSQL $version/$kluster"
  $sudo pg_ctlcluster "$version" "$kluster" start >&2 || misslyckas "kunde inte starta PostgreSQL"
fi

som_postgres() {
  # Från / så att psql inte klagar på en arbetskatalog som postgres inte får läsa.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && sudo -n -u postgres "$@"); fi
}
for _ in $(seq 1 30); do
  som_postgres psql -p "$port" -qtAc "SELECT 1" >/dev/null 2>&1 && break
  sleep 1
done
finns="$(som_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'skolpeng'" 2>/dev/null || true)"
if [ "$finns" != "1" ]; then
  som_postgres psql -p "$port" -qc "CREATE ROLE skolpeng LOGIN CREATEDB PASSWORD 'skolpeng'" >&2 \
    || misslyckas "kunde inte skapa rollen skolpeng"
else
  som_postgres psql -p "$port" -qc "ALTER ROLE skolpeng LOGIN CREATEDB PASSWORD 'skolpeng'" >&2 \
    || misslyckas "kunde inte uppdatera rollen skolpeng"
fi
echo "export SKOLPENG_TEST_POSTGRES=postgresql://skolpeng:skolpeng@127.0.0.1:$port/postgres"
