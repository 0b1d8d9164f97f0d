"""The one place that imports experta, made safe for Python 3.10+ and fast for triage.

It fixes three things once: frozendict 1.2 (pinned by experta 1.9.4) needs the
`collections.Mapping` alias removed in Python 3.10; experta's import calls
`logging.basicConfig()`; and its `DepthStrategy` can leave stale activations on the agenda
and breaks ties between equal-salience rules differently from one process to the next.
For speed, against experta 1.9.4 only (see docs/engines.md): match tokens are copied without
re-validation, logging and watcher checks run only when a logger would print, field paths are
parsed once, a failed constant test copies no token, each node with a memory is reset once, and
only the rules whose matches changed are asked for their activations. `use_hot_path(False)`
restores experta's own code paths (the benchmarks compare the two); firings are the same either
way.
"""

from __future__ import annotations

import bisect
import collections
import collections.abc
import logging


def _import_experta():
    """Import experta with `collections.Mapping` present only for the duration of the import."""
    added_alias = not hasattr(collections, "Mapping")
    if added_alias:
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    try:
        import experta
        import experta.abstract
        import experta.matchers
        import experta.matchers.rete.token
    finally:
        if added_alias:
            del collections.Mapping  # type: ignore[attr-defined]
        # experta's engine module calls logging.basicConfig(); undo the stderr handler it adds.
        for handler in root.handlers[:]:
            if handler not in handlers_before:
                root.removeHandler(handler)
    return experta


experta = _import_experta()


EXPERTA_VERSION = "1.9.4"  # the version whose internals the hot path was written against
PATCHED = experta.__version__ == EXPERTA_VERSION

AS = experta.AS
MATCH = experta.MATCH
NOT = experta.NOT
P = experta.P
Fact = experta.Fact
KnowledgeEngine = experta.KnowledgeEngine
Rule = experta.Rule

_rete = experta.matchers.rete
_check = _rete.check
_nodes = _rete.nodes
_abstract = _rete.abstract
_MATCH_LOG = experta.watchers.MATCH
_MATCHER_LOG = experta.watchers.MATCHER
_DEBUG, _INFO = logging.DEBUG, logging.INFO


def _copy_token(token):
    """A copy of a match token with its own data set and context; experta's `Token.copy` builds
    it through `Token.__new__`, which re-checks every fact's type on each node a token enters."""
    return tuple.__new__(type(token), (token.tag, set(token.data), token.context.copy()))


if PATCHED:
    _rete.token.Token.copy = _copy_token

# Each fast version below keeps the original's result and its log lines (printed whenever the
# original would print them); it only skips work nobody sees.
_FIELD_PATHS: dict[str, tuple] = {}


def _field_path(what: str) -> tuple:
    """`a__0__b` as ('a', 0, 'b'), parsed once; a dunder name reads the whole fact."""
    path = _FIELD_PATHS.get(what)
    if path is None:
        if what.startswith("__") or what.endswith("__"):
            path = ()
        else:
            path = tuple(int(p) if p.isnumeric() else p for p in what.split("__"))
        _FIELD_PATHS[what] = path
    return path


def _feature_check(self, data, is_fact=True):
    record = data
    if is_fact:
        try:
            if isinstance(self.what, str):
                for part in _field_path(self.what):
                    record = record[part]
            else:
                record = data[self.what]
        except (IndexError, KeyError, TypeError):
            return False
    result = self.check(record, self.expected)
    if _MATCH_LOG.isEnabledFor(_INFO):
        log = _MATCH_LOG.info if result else _MATCH_LOG.debug
        log("what=%r, how=%r, fact=%s = %r", self.what, self.how, data, result)
    return result


def _type_check(self, fact):
    result = type(fact) == self.fact_type  # noqa: E721 (experta compares exact types)
    if _MATCH_LOG.isEnabledFor(_INFO):
        log = _MATCH_LOG.info if result else _MATCH_LOG.debug
        log("type(%s) == %s = %r", fact, self.fact_type.__name__, result)
    return result


def _activate_one(self, token):
    if _MATCHER_LOG.isEnabledFor(_DEBUG) and experta.watchers.worth("MATCHER", "DEBUG"):
        _MATCHER_LOG.debug("Node <%s> activated with token %r", self, token)
    return self._activate(token.copy())


def _activate_left(self, token):
    if _MATCHER_LOG.isEnabledFor(_DEBUG):
        _MATCHER_LOG.debug("Node <%s> activated left with token %r", self, token)
    return self._activate_left(token.copy())


def _activate_right(self, token):
    if _MATCHER_LOG.isEnabledFor(_DEBUG):
        _MATCHER_LOG.debug("Node <%s> activated right with token %r", self, token)
    return self._activate_right(token.copy())


def _activate_feature_test(self, token):
    """A constant test that fails sends nothing on, so it needs no copy of the token; one that
    passes without binding sends the token on unchanged (every receiving node copies on entry)."""
    if _MATCHER_LOG.isEnabledFor(_DEBUG) and experta.watchers.worth("MATCHER", "DEBUG"):
        _MATCHER_LOG.debug("Node <%s> activated with token %r", self, token)
    if len(token.data) != 1:
        raise ValueError("a feature test expects a token with one fact")
    (fact,) = token.data
    match = self.matcher(fact)
    if not match:
        return None
    if match is True:
        _send_on(self, token, fact)
        return None
    if isinstance(match, collections.abc.Mapping):
        token = token.copy()  # from here on, experta's FeatureTesterNode._activate
        context = token.context
        for key, value in match.items():
            if isinstance(key, tuple):  # a negated binding
                if key[1] in context and context[key[1]] == value:
                    return None
            elif context.get(key, value) != value or context.get((False, key), _NO) == value:
                return None
        context.update(match)
    for child in self.children:
        child.callback(token)
    return None


_NO = object()  # stands for "no such key", never equal to a bound value


def _bus_add(self, fact):
    token = _rete.token.Token.valid(fact)
    if _MATCHER_LOG.isEnabledFor(_DEBUG):
        _MATCHER_LOG.debug("<BusNode> added %r", token)
    _send_on(self, token, fact)


def _send_on(node, token, fact) -> None:
    """Pass a one-fact token to the node's children; with an alpha index, only to the children
    whose constant test this fact can pass (and every other child), in the children's order."""
    index = node.__dict__.get("triage_index")
    if index is None or _MATCH_LOG.isEnabledFor(_INFO):  # logged checks: test every child
        for child in node.children:
            child.callback(token)
        return
    path, by_value, others = index
    try:
        if path is None:
            callbacks = by_value.get(type(fact), others)
        else:
            record = fact
            for part in path:
                record = record[part]
            callbacks = by_value.get(record, others)
    except (IndexError, KeyError, TypeError):
        callbacks = others
    for callback in callbacks:
        callback(token)


def _constant_test(node) -> tuple | None:
    """(field path, or None for the fact's type; the values that pass) for a node that only
    tests a field (or the type) for equality with a constant or membership in a frozen set, and
    binds nothing; None for any other node."""
    if not isinstance(node, _nodes.FeatureTesterNode):
        return None
    check = node.matcher
    if isinstance(check, _check.TypeCheck):
        return None, (check.fact_type,)
    if not isinstance(check, _check.FeatureCheck) or not isinstance(check.what, str):
        return None
    expected = check.expected
    if expected.__bind__ is not None:
        return None
    if check.check.__name__ == "equal_literal" and isinstance(expected, experta.L):
        values = (expected.value,)
    elif check.check.__name__ == "match_predicate" and isinstance(expected, experta.P):
        member_of = getattr(expected.match, "__self__", None)
        if not isinstance(member_of, frozenset) or expected.match.__name__ != "__contains__":
            return None
        values = tuple(member_of)
    else:
        return None
    try:
        hash(values)
    except TypeError:
        return None
    return _field_path(check.what), values


def _alpha_index(node) -> tuple | None:
    """For a node with several children testing one field against constants: which children
    each value reaches. experta tests every child in turn (its alpha network has no index)."""
    tests = [_constant_test(child.node) for child in node.children]
    paths = collections.Counter(test[0] for test in tests if test is not None)
    if not paths:
        return None
    path, count = paths.most_common(1)[0]
    if count < 2:
        return None
    indexed = [test is not None and test[0] == path for test in tests]
    values = dict.fromkeys(
        v for test, on in zip(tests, indexed, strict=True) if on for v in test[1]
    )
    by_value = {
        value: tuple(
            child.callback
            for child, test, on in zip(node.children, tests, indexed, strict=True)
            if not on or value in test[1]
        )
        for value in values
    }
    others = tuple(c.callback for c, on in zip(node.children, indexed, strict=True) if not on)
    return path, by_value, others


def _activate_conflict_set(self, token):
    _ORIGINAL["conflict_set"](self, token)
    changed = self.__dict__.get("triage_changed")
    if changed is not None:
        changed.add(self)


_PATCHES = {
    "feature_check": (_check.FeatureCheck, "__call__", _feature_check),
    "type_check": (_check.TypeCheck, "__call__", _type_check),
    "one": (_abstract.OneInputNode, "activate", _activate_one),
    "left": (_abstract.TwoInputNode, "activate_left", _activate_left),
    "right": (_abstract.TwoInputNode, "activate_right", _activate_right),
    "feature_test_entry": (_nodes.FeatureTesterNode, "activate", _activate_feature_test),
    "conflict_set": (_nodes.ConflictSetNode, "_activate", _activate_conflict_set),
    "bus": (_nodes.BusNode, "add", _bus_add),
}
_ORIGINAL = {
    **{name: cls.__dict__.get(attr) for name, (cls, attr, _) in _PATCHES.items()},
}
_hot_path = False


def use_hot_path(on: bool) -> None:
    """Switch the hot-path patches on (the default with experta 1.9.4) or back to experta's own.

    With another experta version the patches are never applied.
    """
    global _hot_path
    on = on and PATCHED
    for name, (cls, attr, fast) in _PATCHES.items():
        original = _ORIGINAL[name]
        if on:
            setattr(cls, attr, fast)
        elif original is None:
            if attr in cls.__dict__:
                delattr(cls, attr)
        else:
            setattr(cls, attr, original)
    _hot_path = on


def hot_path_on() -> bool:
    return _hot_path


use_hot_path(True)


class TriageMatcher(experta.matchers.ReteMatcher):
    """experta's Rete matcher with two savings. Reset wipes each node's memory once (experta
    walks the network as a tree, wiping a node shared by n parents n times). On the hot path,
    `changes` asks only the rules whose matches changed for their activations (experta asks
    every rule at every step), in the same order as experta."""

    def build_network(self) -> None:
        super().build_network()
        self._every_node = tuple(_unique_nodes(self.root_node))
        # Only nodes with a memory need wiping; the many feature testers have none.
        self._memory_nodes = tuple(n for n in self._every_node if _has_memory(n))
        self._changed: set = set()
        # Children hold bound callbacks, so a network keeps the code paths it was built with.
        self.hot = _hot_path
        if self.hot:
            self._track_changes_and_index()

    def _track_changes_and_index(self) -> None:
        conflict_nodes = [n for n in self._every_node if isinstance(n, _nodes.ConflictSetNode)]
        order = {id(n): i for i, n in enumerate(self._get_conflict_set_nodes())}
        self._conflict_nodes = sorted(conflict_nodes, key=lambda n: order[id(n)])
        self._position = {id(n): i for i, n in enumerate(self._conflict_nodes)}
        for node in self._conflict_nodes:
            node.triage_changed = self._changed
        for node in self._every_node:
            index = _alpha_index(node)
            if index is not None:
                node.triage_index = index

    def reset(self) -> None:
        self._changed.clear()
        for node in self._memory_nodes:
            node._reset()

    def changes(self, adding=None, deleting=None):
        if not self.hot:
            return super().changes(adding, deleting)
        if not _hot_path:
            raise RuntimeError("a matcher built on the hot path must run on it")
        for fact in deleting or ():
            self.root_node.remove(fact)
        for fact in adding or ():
            self.root_node.add(fact)
        added: list = []
        removed: list = []
        position = self._position
        for node in sorted(self._changed, key=lambda n: position[id(n)]):
            node_added, node_removed = node.get_activations()
            added.extend(node_added)
            removed.extend(node_removed)
        self._changed.clear()
        return added, removed


def _has_memory(node) -> bool:
    """Whether the node keeps matches between facts (experta marks the others `NoMemory`)."""
    return not isinstance(node, _rete.mixins.NoMemory)


def _unique_nodes(root) -> list:
    seen: dict[int, object] = {}
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            pending.extend(child.node for child in node.children)
    return list(seen.values())


class RuleOrderStrategy(experta.abstract.Strategy):
    """Conflict resolution: higher salience first, then rule order, then newer facts.

    Every activation has a distinct key, so removal finds exactly the activation that the
    matcher withdrew (experta's DepthStrategy looks only at neighbours of equal keys and can
    leave a stale one behind), and ties never depend on hash order.
    """

    def __init__(self, rule_rank: dict[str, int]):
        super().__init__()
        self._rule_rank = rule_rank

    def _key(self, activation) -> tuple:
        rank = self._rule_rank[activation.rule.__name__]
        facts = tuple(sorted((f["__factid__"] for f in activation.facts), reverse=True))
        # The agenda pops from the end: the largest key fires next.
        return (activation.rule.salience, -rank, facts)

    def _update_agenda(self, agenda, added, removed) -> None:
        for activation in removed:
            key = self._key(activation)
            index = bisect.bisect_left(agenda.activations, key, key=lambda a: a.key)
            if index < len(agenda.activations) and agenda.activations[index].key == key:
                del agenda.activations[index]
        for activation in added:
            activation.key = self._key(activation)
            bisect.insort(agenda.activations, activation, key=lambda a: a.key)
