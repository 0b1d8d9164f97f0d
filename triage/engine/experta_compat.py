"""The one place that imports experta, made safe for Python 3.10+ and for triage.

It fixes three things once: frozendict 1.2 (pinned by experta 1.9.4) needs the
`collections.Mapping` alias removed in Python 3.10; experta's import calls
`logging.basicConfig()`; and its `DepthStrategy` can leave stale activations on the agenda
and breaks ties between equal-salience rules differently from one process to the next.
For speed it resets the rule network once per node (experta does it once per parent) and
copies match tokens without re-validating them, which every network node does on entry.
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


def _copy_token(token):
    """A copy of a match token with its own data set and context; experta's `Token.copy` builds
    it through `Token.__new__`, which re-checks every fact's type on each node a token enters."""
    return tuple.__new__(type(token), (token.tag, set(token.data), token.context.copy()))


if experta.__version__ == "1.9.4":  # the Token layout this copy was written against
    experta.matchers.rete.token.Token.copy = _copy_token

AS = experta.AS
MATCH = experta.MATCH
NOT = experta.NOT
P = experta.P
Fact = experta.Fact
KnowledgeEngine = experta.KnowledgeEngine
Rule = experta.Rule


class ReteMatcherResetOnce(experta.matchers.ReteMatcher):
    """experta's reset walks the network as a tree, wiping a node shared by n parents (and all
    below it) n times; this wipes each node's memory exactly once, with the same result."""

    def reset(self) -> None:
        nodes = self.__dict__.get("_every_node")
        if nodes is None:
            nodes = self._every_node = tuple(_unique_nodes(self.root_node))
        for node in nodes:
            node._reset()


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
