"""cache.py: a parsed file is reused only while its bytes are unchanged, and a bad cache is a miss."""

from __future__ import annotations

import json
import marshal

import pytest

from lisplan.files.cache import Cache
from lisplan.files.repo import CACHE_FOLDER as FOLDER
from lisplan.files.source import parse
from lisplan.files.store import FORMAT, seal

TEXT = "kind: log\ntrainee: lis\nentries:\n  - procedure: x\n    date: 2026-01-05\n    accession: '007'\n"


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "2026.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_second_read_is_a_hit_with_the_same_data(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    first = cache.read(log)
    second = cache.read(log)
    assert (first.hit, second.hit) == (False, True)
    assert second.document.data == parse(log).data == first.document.data
    assert second.document.data["entries"][0]["accession"] == "007"  # quoted text stays text
    assert (tmp_path / FOLDER / ".gitignore").read_text().strip().endswith("*")


def test_a_hit_still_locates_positions(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    cache.read(log)
    doc = cache.read(log).document
    assert doc.locate(("entries", 0, "date")) == (5, 11)


def test_an_edited_file_is_parsed_again(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    cache.read(log)
    log.write_text(TEXT.replace("'007'", "'008'"), encoding="utf-8")
    again = cache.read(log)
    assert not again.hit
    assert again.document.data["entries"][0]["accession"] == "008"


def test_facts_are_kept_with_the_bytes(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    cached = cache.read(log)
    cached.facts["valid"] = "log"
    cache.store(cached)
    assert cache.read(log).facts == {"valid": "log"}
    log.write_text(TEXT + "  - procedure: y\n    date: 2026-01-06\n    stay: '9'\n", encoding="utf-8")
    assert cache.read(log).facts == {}


def test_facts_are_kept_as_bytes_the_sealed_record_names(tmp_path, log):
    """The facts (a log's procedure index is most of them) are marshal bytes beside their record, like the
    data: the record holds no fact, only the bytes' SHA-256, and bytes it does not name are never read."""
    cache = Cache(tmp_path / FOLDER)
    cached = cache.read(log)
    cached.facts.update(valid="log", procedures={"x\tdescribed": {"n": 1, "numbers": {"007": "2026-01-05"}}})
    cache.store(cached)
    (record,) = [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith(".facts.json")]
    assert '"007"' not in record.read_text() and "sha256" in record.read_text()  # quoted: not part of a hash
    (kept,) = [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith(".facts.bin")]
    assert marshal.loads(kept.read_bytes()) == cached.facts
    assert cache.facts(log, log.read_bytes())[1] == cached.facts == cache.read(log).facts
    kept.write_bytes(marshal.dumps({"valid": "log", "procedures": {}}))  # planted: another index
    assert cache.facts(log, log.read_bytes())[1] == {} and cache.read(log).facts == {}


@pytest.mark.parametrize(
    ("suffix", "damage"),
    [(".data.json", "{"), (".data.json", "[]"), (".data.json", '{"format": "other"}'), (".data.json", "")]
    + [(".data.bin", ""), (".data.bin", "\x00"), (".data.bin", "not marshal")],
)
def test_a_damaged_cache_file_is_a_miss(tmp_path, log, suffix, damage):
    cache = Cache(tmp_path / FOLDER)
    cache.read(log)
    (cached_file,) = [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith(suffix)]
    cached_file.write_text(damage, encoding="utf-8")
    again = cache.read(log)
    assert again.document.data == parse(log).data and not again.hit  # data bytes are read when first asked for
    third = cache.read(log)  # and rewritten
    assert third.hit and third.document.data == parse(log).data


def test_bytes_planted_beside_a_record_are_ignored(tmp_path, log):
    """The data is kept as marshal bytes; bytes the sealed record does not name (by their SHA-256) are
    never unmarshalled, whoever put them there."""
    cache = Cache(tmp_path / FOLDER)
    cache.read(log)
    (kept,) = [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith(".data.bin")]
    kept.write_bytes(marshal.dumps({**parse(log).data, "entries": []}))
    again = cache.read(log)
    assert len(again.document.data["entries"]) == 1 and not again.hit


def test_a_planted_record_for_other_bytes_is_ignored(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    cache.read(log)
    (cached_file,) = [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith(".data.json")]
    record = json.loads(cached_file.read_text().partition("\n")[2])
    other = cache.put_bytes(record["name"], marshal.dumps({**parse(log).data, "entries": []}))
    record["value"] = ["0" * 64, other]  # sealed as by this user, for other bytes
    sealed = seal(cache.secret, json.dumps(record), FORMAT, record["name"], str(log.resolve()))
    cached_file.write_text(sealed, encoding="utf-8")
    assert len(cache.read(log).document.data["entries"]) == 1


def test_no_cache_env_turns_it_off(tmp_path, log, monkeypatch):
    monkeypatch.setenv("LISPLAN_NO_CACHE", "1")
    cache = Cache.for_repo(tmp_path)
    cache.read(log)
    assert not cache.read(log).hit
    assert not (tmp_path / FOLDER).exists()


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path, log):
    (tmp_path / FOLDER).write_text("a file where the folder should be", encoding="utf-8")
    cache = Cache(tmp_path / FOLDER)
    assert cache.read(log).document.data == parse(log).data
    assert not cache.read(log).hit


def test_a_file_with_an_identity_number_leaves_no_copy_in_the_cache(cli, repo):
    from test_identity import FNR

    repo.trainee()
    repo.log(2026, f"- teaching: x\n  date: 2026-01-05\n  note: '{FNR}'\n")
    code, out = cli("check", repo=repo)
    assert code == 1 and "identity-number" in out
    cached = b"".join(p.read_bytes() for p in (repo.root / FOLDER).rglob("*") if p.is_file())
    assert FNR.encode() not in cached and FNR[:6].encode() not in cached
    code, again = cli("check", repo=repo)  # and the next run still finds it
    assert code == 1 and "identity-number" in again


# --- validated models of the files that are not logs -------------------------------------------------------


@pytest.fixture
def keyed(repo, monkeypatch, tmp_path_factory):
    """A repo whose store keeps records: its key is outside the repo (files/store.py)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.delenv("LISPLAN_NO_CACHE", raising=False)
    repo.trainee()
    return repo


def _no_validation(monkeypatch, cls) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"{cls.__name__} validated again")

    monkeypatch.setattr(cls, "model_validate", classmethod(refuse))


def test_a_validated_model_is_read_back_for_the_same_bytes_without_validating(keyed, monkeypatch):
    from lisplan.load.loader import load
    from lisplan.models import Trainee

    first = load(keyed.root).workspace.trainees["lis"].profile
    from lisplan.files.cache import _name

    decoded: list[str] = []
    real = Cache._decoded
    with monkeypatch.context() as m:
        _no_validation(m, Trainee)
        m.setattr(
            Cache, "_decoded", lambda self, packed, *more: decoded.append(str(packed)) or real(self, packed, *more)
        )
        again = load(keyed.root).workspace.trainees["lis"].profile
    assert again == first and again is not first
    profile_data = _name(keyed.root / "data/logs/lis/trainee.yaml", "data")
    assert decoded and not [d for d in decoded if profile_data in d]  # nor the profile's data: the model says its kind
    assert again.origin == first.origin and again.origin.file == keyed.root / "data/logs/lis/trainee.yaml"


@pytest.mark.parametrize("change", ["the file", "lisplan's code"])
def test_a_kept_model_is_trusted_only_for_its_bytes_and_code(keyed, monkeypatch, change):
    from lisplan.files import cache as cache_module
    from lisplan.load.loader import load

    load(keyed.root)
    profile = keyed.root / "data/logs/lis/trainee.yaml"
    if change == "the file":
        profile.write_text(profile.read_text(encoding="utf-8").replace("Test LIS", "Test LIS Endret"), encoding="utf-8")
    else:
        monkeypatch.setattr(cache_module, "code_stamp", lambda: "another version of lisplan")
    again = load(keyed.root).workspace.trainees["lis"].profile
    assert again is not None and again.name == ("Test LIS Endret" if change == "the file" else "Test LIS")


def test_model_bytes_planted_beside_their_record_are_never_unpickled(keyed, monkeypatch):
    """A kept model is pickle bytes: bytes its sealed record does not name by their SHA-256 (planted by
    anyone) are never loaded; the file is validated again."""
    import pickle

    from lisplan.load.loader import load

    load(keyed.root)
    kept = [p for p in (keyed.root / FOLDER).iterdir() if p.name.endswith(".model.bin")]
    assert len(kept) > 1  # the profile's and each shipped catalog's
    for path in kept:
        path.write_bytes(pickle.dumps(ValueError("planted")))
    assert load(keyed.root).workspace.trainees["lis"].profile.name == "Test LIS"


def test_a_profile_with_an_identity_number_leaves_no_model_in_the_cache(cli, keyed):
    from test_identity import FNR

    profile = keyed.root / "data/logs/lis/trainee.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Test LIS", f"Test LIS {FNR}"), encoding="utf-8")
    code, out = cli("check", repo=keyed)
    assert code == 1 and "identity-number" in out
    kept = b"".join(p.read_bytes() for p in (keyed.root / FOLDER).rglob("*") if p.is_file())
    assert FNR.encode() not in kept and FNR[:6].encode() not in kept


# --- a log that grows at the end: kept as what grew (Cache.grow) ---------------------------------------


def _append(cache, log, *dates):
    """Append a procedure entry for each date as ``lisplan log`` does (in date order; files/writer.py)."""
    import datetime as dt

    from lisplan.commands.recorder import in_date_order
    from lisplan.files.writer import append_items

    items = [
        {"procedure": "x", "date": dt.date.fromisoformat(d), "accession": f"9{i}{d[-2:]}"} for i, d in enumerate(dates)
    ]
    return append_items(
        log, "entries", items, check=lambda doc: None, valid_as="log", cache=cache,
        position=lambda old, item: in_date_order(item["date"])(old),
    )  # fmt: skip


def _parts(monkeypatch):
    """The parts (data, facts, tail, ...) the cache decodes from here on."""
    asked: list[str] = []
    real = Cache.unpacked

    def counted(self, path, digest, part, *more):  # noqa: ANN001, ANN002, ANN202
        asked.append(part)
        return real(self, path, digest, part, *more)

    monkeypatch.setattr(Cache, "unpacked", counted)
    return asked


def test_a_log_that_grows_at_the_end_is_appended_to_without_decoding_its_old_data(tmp_path, log, monkeypatch):
    cache = Cache(tmp_path / FOLDER)
    _append(cache, log, "2026-01-06")  # a file lisplan did not write last: read whole, kept whole
    asked = _parts(monkeypatch)
    _append(cache, log, "2026-01-07")
    _append(cache, log, "2026-01-07", "2026-01-08")
    assert "data" not in asked  # neither write decoded the data it appended to
    assert list((tmp_path / FOLDER).glob("*.tail.bin"))
    again = Cache(tmp_path / FOLDER).read(log)
    assert again.hit and again.document.data == parse(log).data
    assert [e["date"] for e in again.document.data["entries"]][-3:] == ["2026-01-07", "2026-01-07", "2026-01-08"]


def test_an_entry_dated_before_the_last_goes_in_date_order_and_the_kept_data_says_so(tmp_path, log):
    cache = Cache(tmp_path / FOLDER)
    _append(cache, log, "2026-03-01")
    _append(cache, log, "2026-03-02")  # kept as what grew
    _append(cache, log, "2026-02-01")  # before the last two: the old data is read to place it
    dates = [e["date"] for e in parse(log).data["entries"]]
    assert dates == ["2026-01-05", "2026-02-01", "2026-03-01", "2026-03-02"]
    assert Cache(tmp_path / FOLDER).read(log).document.data == parse(log).data


def test_a_tail_is_kept_whole_again_once_it_holds_TAIL_items(tmp_path, log, monkeypatch):
    import hashlib

    import lisplan.files.cache as kept

    monkeypatch.setattr(kept, "TAIL", 2)
    cache = Cache(tmp_path / FOLDER)
    _append(cache, log, "2026-01-06")
    _append(cache, log, "2026-01-07")
    _append(cache, log, "2026-01-08")  # the tail holds two
    digest = hashlib.sha256(log.read_bytes()).hexdigest()
    assert cache.unpacked(log, digest, "data") is None and cache.unpacked(log, digest, "tail") is not None
    _append(cache, log, "2026-01-09")  # a third: the data is kept whole
    digest = hashlib.sha256(log.read_bytes()).hexdigest()
    assert cache.unpacked(log, digest, "data") == parse(log).data


def test_a_tail_whose_data_is_gone_is_parsed_and_kept_whole(tmp_path, log):
    import hashlib

    cache = Cache(tmp_path / FOLDER)
    _append(cache, log, "2026-01-06")
    _append(cache, log, "2026-01-07")  # kept as the data of the bytes before, and this item
    cache.pack(log, "0" * 64, "data", {"kind": "log", "entries": []})  # that data replaced meanwhile
    again = Cache(tmp_path / FOLDER).read(log)
    assert again.document.data == parse(log).data and not again.hit
    digest = hashlib.sha256(log.read_bytes()).hexdigest()
    assert cache.unpacked(log, digest, "data") == parse(log).data
    doc = cache.read(log).document
    doc.facts["identity-numbers"] = [[1, 1]]  # a file found to hold an identity number
    cache.keep_learnt([doc])  # nothing of it stays, its tail neither
    assert not [p for p in (tmp_path / FOLDER).iterdir() if p.name.endswith((".bin", ".json"))]
