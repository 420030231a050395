"""Every operation of the document, as a plain team and channel member (not an admin)."""

from __future__ import annotations

import pytest

from contracts.conftest import check_operation, operations


@pytest.mark.parametrize("op", operations())
def test_operation_as_user(contract_runner, op):
    check_operation(contract_runner, op, "user")
