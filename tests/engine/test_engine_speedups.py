"""The engine's speed-ups change nothing but speed: alpha buckets, one-pass reset, token copy,
and declaring an intake's signals in one call."""

from __future__ import annotations

from stridewise.triage import load_intake
from stridewise.triage.engine.experta_compat import Fact, _unique_nodes, experta
from stridewise.triage.engine.experta_engine import RunResult, engine_for
from stridewise.triage.engine.rules import ALPHA_BUCKETS, alpha_buckets, atom_fact
from stridewise.triage.engine.signals import derive_signals


def test_every_condition_atom_has_a_bucket_and_any_groups_share_one(kb):
    buckets = alpha_buckets(kb)
    for rule in kb.rules.values():
        assert set(rule.when.atoms()) <= set(buckets), rule.id
        for group in rule.when.any:
            assert len({buckets[a] for a in group}) == 1, (rule.id, group)
    assert set(buckets.values()) <= set(range(ALPHA_BUCKETS))


def test_a_token_copy_is_equal_but_shares_no_mutable_part():
    Token = experta.matchers.rete.token.Token
    token = Token.valid(Fact(a=1), {"scope": "c0"})
    copy = token.copy()
    assert type(copy) is Token and copy == token and copy.is_valid()
    copy.context["scope"] = "c1"
    copy.data.add(Fact(b=2))
    assert token.context == {"scope": "c0"} and len(token.data) == 1


def test_reset_empties_every_node_once_including_nodes_with_several_parents(kb, examples_dir):
    engine = engine_for(kb)
    engine.evaluate(derive_signals(load_intake(examples_dir / "achilles_night_ache.yaml")))
    nodes = _unique_nodes(engine.matcher.root_node)
    parents: dict[int, int] = {}
    for node in nodes:
        for child in node.children:
            parents[id(child.node)] = parents.get(id(child.node), 0) + 1
    assert max(parents.values()) > 1
    engine.matcher.reset()
    for node in nodes:
        for memory in ("memory", "left_memory", "right_memory"):
            assert not getattr(node, memory, ()), (node, memory)


def test_declaring_signals_in_one_call_fires_as_declaring_them_one_by_one(kb, examples_dir):
    engine = engine_for(kb)
    for path in sorted(examples_dir.glob("*.yaml")):
        signals = derive_signals(load_intake(path))
        together = engine.evaluate(signals).firings
        engine.reset()
        engine.result = RunResult(signals=list(signals))
        for s in signals:
            engine.declare(atom_fact(s.name, s.scope, engine.atom_buckets))
        engine.run()
        assert engine.result.firings == together, path.name
