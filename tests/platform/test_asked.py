"""resolvers.common.asked: the fields a request asks under a field, read from the syntax tree."""

from __future__ import annotations

from types import SimpleNamespace

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from resolvers.common import asked

QUERY = """
query($id: ID!) {
  customers(first: 20) { totalCount edges { cursor node { id ...Row ... on Customer { mobile } alias: status } } edges { node { gender } } }
  customer(id: $id) { ...Detail evaluation { precise } }
}
fragment Row on Customer { name manager { name } ...More }
fragment More on Customer { birthDate }
fragment Detail on Customer { idNumber branch { name } }
"""


def _info(field: str) -> SimpleNamespace:
    document = parse(QUERY)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    nodes = [s for s in operation.selection_set.selections if s.name.value == field]
    return SimpleNamespace(_raw_info=SimpleNamespace(field_nodes=nodes, fragments=fragments))


def test_asked_opens_fragments_follows_the_path_and_names_fields_not_aliases():
    assert asked(_info("customers")) == {"totalCount", "edges"}
    assert asked(_info("customers"), "edges") == {"cursor", "node"}
    assert asked(_info("customers"), "edges", "node") == {"id", "name", "manager", "birthDate", "mobile", "status", "gender"}
    assert asked(_info("customers"), "edges", "node", "manager") == {"name"}
    assert asked(_info("customers"), "pageInfo") == set()
    assert asked(_info("customer")) == {"idNumber", "branch", "evaluation"}
