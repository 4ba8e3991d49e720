"""Word search over the plans: targets, indicators, activities, funding lines and the
plans' narrative text.

The same rules on SQLite and PostgreSQL, written once here:
- words are matched whole, never as fragments: "is" does not find "politisk";
- in any inflected form (the Danish Snowball stem): "idrætsforeninger" finds
  "idrætsforening";
- as the first part of a compound when the word has five letters or more: "bolig"
  finds "boligområder";
- with æ, ø and å folded: "hjemlose", "hjemloese" and "hjemløse" find the same;
- with near misses tolerated when the plans do not have the word itself: one wrong
  letter (a swap of two counts as one) in words of five to eight letters, two in longer
  ones, one in the first part of a compound ("integrasion" finds "integration", "boilg"
  finds "bolig");
- every word of the query must match.

The plans' vocabulary (every distinct word, folded and stemmed) is read once per data
version and cached; each query word is looked up in it, the database is asked only for
texts holding one of the matching words (one query per kind), and those texts are
checked word by word with the same rules.
"""

import re

import snowballstemmer
from django.db.models import Q
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from activities.models import Activity
from budgets.models import FundingLine
from committees import versions
from committees.models import ActionPlan, PlanSection
from goals.anchors import target_anchors
from goals.models import Target
from indicators.models import Indicator
from kkintegration.common.cache import cached

LIMIT = 50
MAX_WORDS = 10
# A word's first part of a compound is matched from this many letters on.
COMPOUND_FROM = 5
_stemmer = snowballstemmer.stemmer("danish")
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_FOLD_PAIRS = (("ae", "a"), ("oe", "o"), ("aa", "a"))

# kind: (model, searched fields, related rows the result list shows)
KINDS = {
    "targets": (Target, ["text", "reservation"], ["objective__plan__committee"]),
    "indicators": (Indicator, ["text", "data_source"], ["objective__plan__committee", "target"]),
    "activities": (Activity, ["name", "description"], ["plan__committee"]),
    "funding": (FundingLine, ["name", "amount_text", "split_text", "note"], ["plan__committee"]),
    "sections": (PlanSection, ["heading", "body"], ["plan__committee"]),
    "plans": (ActionPlan, ["introduction", "challenges"], ["committee"]),
}


def fold(word):
    """Lower case with æ/ø/å and their two-letter spellings folded to one letter."""
    word = word.lower().translate(_FOLD)
    for pair, letter in _FOLD_PAIRS:
        word = word.replace(pair, letter)
    return word


def stem(folded):
    return _stemmer.stemWord(folded)


def typos_allowed(folded):
    """How many letters a word of this length may have wrong and still match."""
    if len(folded) < 5:
        return 0
    return 1 if len(folded) <= 8 else 2


def words(query):
    """The query's words (two letters or more), at most MAX_WORDS."""
    return [w for w in _WORD.findall(query) if len(w) > 1][:MAX_WORDS]


class QueryWord:
    def __init__(self, word):
        self.word = word
        self.folded = fold(word)
        self.stem = stem(self.folded)
        self.typos = typos_allowed(self.stem)

    def matches(self, folded, stemmed, *, fuzzy=True):
        """Whether a text's word (folded, stemmed) is this word, by the module's rules;
        `fuzzy=False` without the near misses."""
        if stemmed == self.stem:
            return True
        compound = len(self.folded) >= COMPOUND_FROM
        if compound and folded.startswith(self.folded):
            return True
        if not (fuzzy and self.typos):
            return False
        near = self.typos + 1  # a cut-off: distances above it are not computed exactly
        return (
            OSA.distance(stemmed, self.stem, score_cutoff=near) <= self.typos
            or OSA.distance(folded, self.folded, score_cutoff=near) <= self.typos
            or compound
            and OSA.distance(folded[: len(self.folded)], self.folded, score_cutoff=2) <= 1
        )

    def forms(self, vocab):
        """The words of the plans (as written) this word finds: its own forms when the
        plans have the word, otherwise its near misses."""
        for fuzzy in (False, True):
            found = {
                w for w, folded, stemmed in vocab if self.matches(folded, stemmed, fuzzy=fuzzy)
            }
            if found:
                return found
        return set()


def _vocabulary():
    """((word as written, folded, stem), ...) for every distinct word of the plans."""
    seen = set()
    for model, fields, _related in KINDS.values():
        for row in model.objects.values_list(*fields):
            for text in row:
                seen.update(_WORD.findall(text or ""))
    return tuple(sorted((w, fold(w), stem(fold(w))) for w in seen if len(w) > 1))


def vocabulary():
    return cached("search-vocabulary", _vocabulary, version=versions.policy(), translated=False)


def _text_matches(texts, written_forms):
    """Whether the texts hold, for every query word, one of the words matching it."""
    tokens = {w for text in texts for w in _WORD.findall(text or "")}
    return all(not tokens.isdisjoint(forms) for forms in written_forms)


def _kind_hits(model, fields, related, written_forms):
    condition = Q()
    for forms in written_forms:
        condition &= Q(
            *(Q(**{f"{field}__contains": form}) for form in forms for field in fields),
            _connector=Q.OR,
        )
    hits = []
    rows = model.objects.filter(condition).select_related(*related).order_by("pk")
    for row in rows.iterator(chunk_size=2 * LIMIT):
        if _text_matches([getattr(row, f) for f in fields], written_forms):
            hits.append(row)
            if len(hits) == LIMIT:
                break
    return hits


def search_plans(query):
    """{kind: [rows]} for each of KINDS, LIMIT each, and "suggestion": a query that would
    find something when this one finds nothing (or None)."""
    query_words = [QueryWord(w) for w in words(query)]
    results = {kind: [] for kind in KINDS}
    results["suggestion"] = None
    if not query_words:
        return results
    vocab = vocabulary()
    written_forms = [q.forms(vocab) for q in query_words]
    if all(written_forms):
        for kind, (model, fields, related) in KINDS.items():
            results[kind] = _kind_hits(model, fields, related, written_forms)
        _add_anchors(results["targets"])
    if not any(results[kind] for kind in KINDS):
        results["suggestion"] = suggestion(query_words, vocab)
    return results


def suggestion(query_words, vocab):
    """The query with each unknown word replaced by the closest word of the plans, or
    None when no word is close enough."""
    written = {}
    for w, folded, _stemmed in vocab:
        written.setdefault(w.lower(), w.lower())
        written.setdefault(folded, w.lower())
    choices = list(written)
    changed = False
    out = []
    for q in query_words:
        best = None
        for typed in (q.word.lower(), q.folded):
            found = process.extractOne(typed, choices, scorer=fuzz.ratio, score_cutoff=70)
            if found and (best is None or found[1] > best[1]):
                best = found
        if best and written[best[0]] not in (q.word.lower(), q.folded):
            out.append(written[best[0]])
            changed = True
        else:
            out.append(q.word)
    return " ".join(out) if changed else None


def _add_anchors(targets):
    """Give each found target the anchor it has on its plan page (1 query)."""
    plans = {t.objective.plan_id for t in targets}
    if not plans:
        return
    siblings = Target.objects.filter(objective__plan__in=plans).select_related("objective")
    by_plan = {}
    for t in siblings:
        by_plan.setdefault(t.objective.plan_id, []).append(t)
    anchors = {}
    for plan_targets in by_plan.values():
        anchors.update(target_anchors(plan_targets))
    for t in targets:
        t.anchor_id = anchors[t.pk]
