"""Proven and claimed sign-offs: ``check --verify-signoffs`` says which sign-offs a signature by the
supervisor proves and which only the author line of a commit claims (anyone can type it), with a real
SSH key made by ssh-keygen and git's gpg.ssh.allowedSignersFile."""

# ruff: noqa: F811 - the tests take the imported ``lis`` fixture as an argument
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_signoff_forgery import ACTIVITY_SIGNOFF
from test_signoff_verify import (
    LOG,
    SIGNOFF,
    SUPERVISOR,
    TRAINEE,
    git,
    lis,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to make signing keys")


def _key(folder: Path, name: str) -> tuple[Path, str]:
    """A new ed25519 key pair: the private key's path and the public key as allowed_signers takes it."""
    key = folder / f"{name}_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    kind, public, *_comment = key.with_suffix(".pub").read_text().split()
    return key, f"{kind} {public}"


def _signing(lis, tmp_path: Path, *signers: tuple[str, str]) -> None:
    """git in the repo signs with SSH and checks against an allowed-signers file of ``signers``."""
    allowed = tmp_path / "allowed_signers"
    allowed.write_text("".join(f'{email} namespaces="git" {public}\n' for email, public in signers))
    git(lis.root, "config", "gpg.format", "ssh")
    git(lis.root, "config", "gpg.ssh.allowedSignersFile", str(allowed))


def _commit_signoff(lis, text: str, who: tuple[str, str], key: Path | None) -> None:
    path = lis.root / LOG
    path.write_text(path.read_text() + text)
    git(lis.root, "add", LOG)
    sign = ["-c", f"user.signingkey={key}", "commit", "-q", "-S"] if key else ["commit", "-q"]
    git(lis.root, *sign, "-m", "sign-off", who=who)


def _verified(cli, lis, *more: str):
    code, out = cli("check", "--verify-signoffs", "--format", "json", *more, repo=lis)
    return code, json.loads(out)


def test_a_signed_signoff_is_proven_and_an_unsigned_one_only_claimed(cli, lis, tmp_path):
    key, public = _key(tmp_path, "sup")
    _signing(lis, tmp_path, (SUPERVISOR[1], public))
    _commit_signoff(lis, SIGNOFF, SUPERVISOR, key)
    _commit_signoff(lis, ACTIVITY_SIGNOFF.replace("NUK-130", "NUK-131"), SUPERVISOR, None)
    assert "G" in git(lis.root, "log", "-2", "--format=%G?")  # git itself checks the signature
    code, result = _verified(cli, lis, "--strict")
    assert (code, result["problems"]) == (0, [])
    proven, claimed = result["signoffs"]
    assert (proven["goal"], proven["level"], proven["signer"], proven["line"]) == (
        "NUK-130",
        "proven",
        SUPERVISOR[1],
        8,
    )
    assert (claimed["goal"], claimed["activity"], claimed["level"], claimed["signer"]) == (
        "NUK-131",
        "introduction",
        "claimed",
        None,
    )
    assert result["summary"] == {"errors": 0, "warnings": 0, "proven": 1, "claimed": 1}
    code, out = cli("check", "--verify-signoffs", repo=lis)
    assert code == 0
    assert "1 proven by their signature, 1 only claimed by the commit's author line" in out
    assert f"  proven   {LOG}:8  NUK-130 by sup, signed by {SUPERVISOR[1]} (" in out
    assert f"  claimed  {LOG}:11  NUK-131 (introduction) by sup (" in out and "), not signed with sup's key" in out
    assert out.index("  proven") < out.index("  claimed")


def test_a_trainee_who_signs_a_commit_authored_as_the_supervisor_only_claims_it(cli, lis, tmp_path):
    """Her key is one git trusts (for her own e-mail): the signature is good, but it is not sup's."""
    key, public = _key(tmp_path, "lis")
    _signing(lis, tmp_path, (TRAINEE[1], public))
    _commit_signoff(lis, SIGNOFF, SUPERVISOR, key)
    code, result = _verified(cli, lis, "--strict")
    assert (code, result["problems"]) == (0, [])  # the author line is all check can go on, as before
    [s] = result["signoffs"]
    assert s["level"] == "claimed" and result["summary"]["proven"] == 0


def test_a_supervisor_key_git_does_not_trust_proves_nothing(cli, lis, tmp_path):
    """Signed with a key that is in no allowed-signers file: git reports no trusted signer."""
    key, _public = _key(tmp_path, "sup")
    other_key, other = _key(tmp_path, "other")
    _signing(lis, tmp_path, ("other@example.org", other))
    _commit_signoff(lis, SIGNOFF, SUPERVISOR, key)
    code, result = _verified(cli, lis)
    [s] = result["signoffs"]
    assert s["level"] == "claimed", s


def test_check_without_verification_says_nothing_of_signoffs(cli, lis):
    code, out = cli("check", "--format", "json", repo=lis)
    assert code == 0 and "signoffs" not in json.loads(out) and "proven" not in json.loads(out)["summary"]


def _readme_commands(cli, tmp_path: Path, *lang: str) -> tuple[str, list[str]]:
    """The README ``lisplan init`` writes, and the commands its signing section gives a supervisor."""
    from test_init import init

    code, out = init(cli, tmp_path / "new", *lang)
    assert code == 0, out
    readme = (tmp_path / "new/README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 2)[2].split("```", 1)[0]  # the second shell block: after "Every day"
    return readme, [line.split("  #", 1)[0].strip() for line in block.splitlines()]


def test_the_readme_init_writes_gives_a_supervisor_the_three_commands_and_they_work(
    cli, lis, tmp_path_factory, monkeypatch
):
    """The commands run as a supervisor would (a passphrase left empty, their e-mail for the example's):
    a sign-off they commit afterwards is proven, once the department's allowed-signers file lists them."""
    tmp_path = tmp_path_factory.mktemp("supervisor")  # outside the plan repo lis is in
    readme, commands = _readme_commands(cli, tmp_path)
    assert "## Signed sign-offs (for supervisors)" in readme and "gpg.ssh.allowedSignersFile" in readme
    assert len(commands) == 3 and commands[0].startswith("ssh-keygen")
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for command in commands:
        command = command.replace("you@example.org", SUPERVISOR[1]).replace("ssh-keygen ", "ssh-keygen -q -N '' ", 1)
        subprocess.run(["bash", "-c", command], check=True, capture_output=True)
    public = (home / ".ssh/lisplan_signing.pub").read_text().split()
    (tmp_path / "allowed_signers").write_text(f'{SUPERVISOR[1]} namespaces="git" {public[0]} {public[1]}\n')
    git(lis.root, "config", "--unset", "commit.gpgsign")  # the fixture's repo turns signing off
    git(lis.root, "config", "gpg.ssh.allowedSignersFile", str(tmp_path / "allowed_signers"))
    _commit_signoff(lis, SIGNOFF, SUPERVISOR, None)  # no -S: commit.gpgsign from the commands signs
    code, result = _verified(cli, lis, "--strict")
    assert (code, [s["level"] for s in result["signoffs"]]) == (0, ["proven"]), result


def test_the_readme_init_writes_in_bokmal_explains_signing(cli, tmp_path):
    readme, commands = _readme_commands(cli, tmp_path, "--lang", "nb")
    assert "## Signerte kvitteringer (for supervisører)" in readme and "**bevist**" in readme
    assert len(commands) == 3
