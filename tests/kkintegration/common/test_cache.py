"""The one cache: entries keyed by name, language and data version."""

import pytest
from django.core.cache import cache
from django.utils import translation

from kkintegration.common.cache import FORMAT, cached, cached_many, key


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_an_entry_is_built_once_per_version():
    build, calls = counting("a")
    assert cached("x", build, version=1) == "a"
    assert cached("x", build, version=1) == "a"
    assert len(calls) == 1
    cached("x", build, version=2)
    assert len(calls) == 2


def test_each_language_has_its_own_entry_unless_it_holds_no_text():
    with translation.override("da"):
        assert cached("greeting", lambda: "Goddag", version=1) == "Goddag"
    with translation.override("en"):
        assert cached("greeting", lambda: "Good day", version=1) == "Good day"
        assert cached("figure", lambda: 7, version=1, translated=False) == 7
    with translation.override("da"):
        assert cached("greeting", lambda: "never built", version=1) == "Goddag"
        assert cached("figure", lambda: "never built", version=1, translated=False) == 7


class Gone:
    """A class an older release cached instances of, removed in the next one."""


def test_an_entry_written_by_an_older_release_counts_as_a_miss():
    with translation.override("da"):
        cache.set(key("old", 1), Gone())
    del globals()["Gone"]  # the new release: the class is no more
    try:
        with translation.override("da"):
            assert cached("old", lambda: "rebuilt", version=1) == "rebuilt"
            assert cached("old", lambda: "not again", version=1) == "rebuilt"
    finally:
        globals()["Gone"] = type("Gone", (), {"__module__": __name__})


def test_many_entries_are_read_together_and_only_the_missing_built():
    cached_many({"p:1": 1}, lambda names: {n: n.upper() for n in names})
    built = []

    def build(names):
        built.extend(names)
        return {n: n.upper() for n in names}

    assert cached_many({"p:1": 1, "p:2": 1}, build) == {"p:1": "P:1", "p:2": "P:2"}
    assert built == ["p:2"]


@pytest.mark.parametrize("version", [1, "7", 10**12])
def test_the_key_names_the_name_the_language_and_the_version(version):
    with translation.override("en"):
        assert key("dashboard", version) == f"kk{FORMAT}:dashboard:en:{version}"
        assert key("dashboard", version, translated=False) == f"kk{FORMAT}:dashboard:*:{version}"
