"""Compiles knowledge-base rules into CLIPS constructs: the CLIPS counterpart of `rules.py`.

Text only; `clips_engine` loads it into clipspy. Generic over the rule shape (all / any / none
of atoms, any stage, any `then`), so that both engines fire the same rules in the same order:

* facts: `(atom (name N) (scope S))` for signals, findings and the engine's own atoms;
  `disposition`, `candidate`, `blocked` and `recommended` facts as the experta engine's;
* conditions as in `rules.conditions_for`: a general atom is tested at scope `general`, a
  per-complaint atom at the scope the rule binds (`?s`), a `none` atom of a rule that binds no
  complaint at any scope; an any-group is one pattern whose name is one of the group's;
* order: experta fires by (stage salience, rule id, newest facts). Stage and rule id fold into
  one salience per rule, and CLIPS's LEX strategy orders one rule's activations by recency;
* actions: `firings.assertions`, in its order; each firing appends its rule id, scope and
  any-group choices to `?*fired*`, from which `clips_engine` rebuilds the trace;
* the safety filter: `recommend_unblocked`, below every stage, as in `rules.compile_rules`.
"""

from __future__ import annotations

import re

from ..errors import KnowledgeBaseError
from .crosscheck import is_general
from .firings import ALL_EXERCISES, assertions
from .kb_models import SALIENCE, KnowledgeBase, RuleSpec
from .signals import GENERAL

ALL_SYMBOL = "ALL-EXERCISES"  # the engines' "*" (every exercise); ids are snake_case
TOP_SALIENCE = 9000  # CLIPS saliences run from -10000 to 10000
BOUND = "?s"
_PLAIN_SYMBOL = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")

HEADER = """
(deftemplate atom (slot name (type SYMBOL)) (slot scope (type SYMBOL)))
(deftemplate disposition (slot level (type SYMBOL)) (slot rule (type SYMBOL)))
(deftemplate candidate (slot exercise (type SYMBOL)) (slot rule (type SYMBOL)))
(deftemplate blocked (slot exercise (type SYMBOL)) (slot rule (type SYMBOL)))
(deftemplate recommended (slot exercise (type SYMBOL)))
(defglobal ?*fired* = (create$))
(defglobal ?*recommended* = (create$))
(deffunction declare-atoms ($?pairs)
   (loop-for-count (?i 1 (div (length$ ?pairs) 2))
      (assert (atom (name (nth$ (- (* 2 ?i) 1) ?pairs)) (scope (nth$ (* 2 ?i) ?pairs))))))
(deffunction collect ()
   (create$ (length$ ?*fired*) ?*fired* ?*recommended*))
"""


def symbol(text: str) -> str:
    """A knowledge-base id as a CLIPS symbol; anything else is refused, never quoted."""
    if not _PLAIN_SYMBOL.match(text):
        raise KnowledgeBaseError(f"{text!r} cannot be a CLIPS symbol (letters, digits, _ and -)")
    return text


def firing_order(kb: KnowledgeBase) -> list[str]:
    """Rule ids in the order experta prefers them: stage salience, then rule id."""
    return sorted(kb.rules, key=lambda rule_id: (-SALIENCE[kb.rules[rule_id].stage], rule_id))


def saliences(kb: KnowledgeBase) -> dict[str, int]:
    """One CLIPS salience per rule, highest first, and one below them for the safety filter."""
    order = firing_order(kb)
    if len(order) >= 2 * TOP_SALIENCE:
        raise KnowledgeBaseError(f"{len(order)} rules are more than CLIPS saliences can order")
    return {rule_id: TOP_SALIENCE - i for i, rule_id in enumerate(order)}


def _pattern(name: str, scope: str | None) -> str:
    return f"(atom (name {name}))" if scope is None else f"(atom (name {name}) (scope {scope}))"


def conditions(spec: RuleSpec) -> list[str]:
    """The rule's left-hand side: `all` atoms, then each any-group bound as ?n0, ?n1, ...,
    then one `not` per scope that `none` atoms are tested in."""
    when = spec.when
    binds = any(not is_general(a) for a in when.positive_atoms())
    scope_of = {True: GENERAL, False: BOUND if binds else None}
    lhs = [_pattern(symbol(a), scope_of[is_general(a)]) for a in when.all]
    for index, group in enumerate(when.any):
        names = "|".join(symbol(a) for a in group)
        scope = GENERAL if all(is_general(a) for a in group) else BOUND
        lhs.append(_pattern(f"?n{index}&{names}", scope))
    by_scope: dict[str | None, list[str]] = {}
    for atom in when.none:
        by_scope.setdefault(scope_of[is_general(atom)], []).append(symbol(atom))
    lhs += [f"(not {_pattern('|'.join(atoms), scope)})" for scope, atoms in by_scope.items()]
    return lhs


def actions(kb: KnowledgeBase, spec: RuleSpec) -> list[str]:
    """The rule's right-hand side: record the firing, then assert what `firings` lists."""
    binds = any(not is_general(a) for a in spec.when.positive_atoms())
    where = BOUND if binds else GENERAL
    rule_id = symbol(spec.id)
    choices = "".join(f" ?n{i}" for i in range(len(spec.when.any)))
    rhs = [f"(bind ?*fired* (create$ ?*fired* {rule_id} {where}{choices}))"]
    for item in assertions(kb, spec, where):
        if item.kind in ("finding", "atom"):
            rhs.append(f"(assert {_pattern(symbol(item.value), item.scope)})")
        elif item.kind == "disposition":
            rhs.append(f"(assert (disposition (level {item.value}) (rule {rule_id})))")
        else:
            value = ALL_SYMBOL if item.value == ALL_EXERCISES else symbol(item.value)
            rhs.append(f"(assert ({item.kind} (exercise {value}) (rule {rule_id})))")
    return rhs


def defrule(kb: KnowledgeBase, spec: RuleSpec, salience: int) -> str:
    body = "\n   ".join([*conditions(spec), "=>", *actions(kb, spec)])
    return f"(defrule {symbol(spec.id)}\n   (declare (salience {salience}))\n   {body})"


def recommend_rule(salience: int) -> str:
    """The safety filter: a candidate is recommended unless it, or every exercise, is blocked."""
    return f"""(defrule recommend_unblocked
   (declare (salience {salience}))
   (candidate (exercise ?e))
   (not (blocked (exercise ?e)))
   (not (blocked (exercise {ALL_SYMBOL})))
   =>
   (assert (recommended (exercise ?e)))
   (bind ?*recommended* (create$ ?*recommended* ?e)))"""


def program(kb: KnowledgeBase) -> list[str]:
    """Every construct, in build order."""
    rank = saliences(kb)
    constructs = split_constructs(HEADER)
    constructs += [defrule(kb, kb.rules[rule_id], rank[rule_id]) for rule_id in firing_order(kb)]
    constructs.append(recommend_rule(TOP_SALIENCE - len(rank)))
    return constructs


def split_constructs(text: str) -> list[str]:
    """The top-level parenthesised constructs of a CLIPS text."""
    out, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            start = i if depth == 0 else start
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                out.append(text[start : i + 1])
    return out
