"""Every operation of the document, as a system admin: documented statuses and schemas, no 5xx, AppErrors."""

from __future__ import annotations

import pytest

from contracts.conftest import check_operation, operations


@pytest.mark.parametrize("op", operations())
def test_operation_as_admin(contract_runner, op):
    check_operation(contract_runner, op, "admin")
