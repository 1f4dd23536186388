# Helpers the signoff-* fixtures' setup scripts source: a plan repo in git, with people committing as
# themselves at fixed times (so commit ids, and the golden outputs that quote them, never change).
set -euo pipefail
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_DATE="2026-10-01T12:00:00+02:00" GIT_COMMITTER_DATE="2026-10-01T12:00:00+02:00"
TRAINEE_ID="Test LIS <lis@example.org>"
SUP_ID="Supervisør <sup@example.org>"
OTHER_ID="Noen Andre <other@example.org>"

as() {  # as "Name <email>" git ARGS…: run git as that person
    local who="$1"; shift
    local name="${who% <*}" email="${who#*<}"; email="${email%>}"
    GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" \
        git "$@"
}

start_repo() {  # git repo in . holding the fixture's files, committed by the trainee
    git init -q -b main . && git config commit.gpgsign false
    as "$TRAINEE_ID" add .
    as "$TRAINEE_ID" commit -q -m start
}

sign_off() {  # sign_off "Name <email>": append a sign-off of NUK-130 by sup to the 2026 log and commit it
    printf '  - signoff: NUK-130\n    date: 2026-10-01\n    by: sup\n' >> data/logs/lis/2026.yaml
    as "$1" add data/logs/lis/2026.yaml
    as "$1" commit -q -m sign-off
}
