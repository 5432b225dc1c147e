"""Encryption contexts: the associated data bound to each kind of encrypted value.

A ciphertext decrypts only under the context it was made for, so a value copied into another
column (or another kind of file) does not decrypt there. Every domain names its contexts here,
in one module with no dependencies, so that the modules that read them (the rule engine, key
rotation, seeding, the GraphQL types) need not import each other's services.
"""

from __future__ import annotations

# Customer archives.
ID_CONTEXT = "customers.id_number"
MOBILE_CONTEXT = "customers.mobile"
ALT_PHONE_CONTEXT = "customers.alt_phone"
ADDRESS_CONTEXT = "customers.address"
FAMILY_ID_CONTEXT = "customers.family_id_number"
REGISTER_NO_CONTEXT = "customers.register_no"
REMARKS_CONTEXT = "customers.remarks"
LOAN_ACCOUNT_CONTEXT = "loans.account"  # the disbursement account of a drawdown
DIFF_CONTEXT = "customer_changes.diff"

# Staff.
PHONE_CONTEXT = "staff_users.phone"

# Files kept in the database by imports.
ERROR_WORKBOOK_CONTEXT = "import_batches.error_workbook"
SOURCE_CONTEXT = "import_batches.source"

# Business data: rejected feed lines (they hold ID numbers).
WAREHOUSE_REJECT_CONTEXT = "warehouse_rejects.line"
