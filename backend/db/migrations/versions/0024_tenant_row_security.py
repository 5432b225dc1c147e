"""Row-level security on every tenant table (a table with ``bank_id``): the policy ``tenant``
shows and accepts a row only for the banks the session acts for (``cic.banks``: ids, or ``*``),
and rows without a bank; sessions of requests run as the role ``cic_tenant`` (backend/db/tenancy.py).

The tables' owner (workers, the CLI, migrations) is not restricted: the policies are not forced.
The role is cluster-wide and may already exist (another database of the same server, or made by
the DBA when the migration user may not create roles).
"""

from alembic import op

revision, down_revision = "0024", "0023"  # 2026-12-04; no branch labels, no dependencies

TENANT_TABLES = (
    "application_events", "applications", "approval_tasks", "archive_evaluations", "bank_logos", "blacklist_changes",
    "blacklist_entries", "business_aggregates", "business_monthly", "contacts", "customer_assignments", "customer_changes",
    "customer_extra_fields", "customer_images", "customer_ratings", "customers", "deposit_accounts", "import_batches",
    "import_progress", "loan_accounts", "loan_events", "loans", "oauth_clients", "org_units", "process_definitions",
    "products", "quotas", "rating_history", "rating_run_chunks", "rating_runs", "rating_warnings", "reminders",
    "rule_evaluation_runs", "rule_sets", "scorecards", "segment_memberships", "segment_models", "service_signups",
    "sms_messages", "sms_opt_outs", "staff_users", "villages", "warehouse_imports", "wealth_holdings",
)  # fmt: skip


def upgrade() -> None:
    op.execute(
        """DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cic_tenant') THEN CREATE ROLE cic_tenant NOLOGIN; END IF;
           END $$"""
    )
    op.execute("GRANT cic_tenant TO CURRENT_USER")
    op.execute("GRANT USAGE ON SCHEMA public TO cic_tenant")
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO cic_tenant")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO cic_tenant")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cic_tenant")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO cic_tenant")
    # One SQL expression the planner inlines into each policy; cic.banks unset means no bank.
    op.execute(
        """CREATE FUNCTION cic_tenant_visible(bank bigint) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
             SELECT bank IS NULL
                 OR current_setting('cic.banks', true) = '*'
                 OR bank = ANY (string_to_array(nullif(nullif(current_setting('cic.banks', true), ''), '*'), ',')::bigint[])
           $$"""
    )
    # Codes and user names are unique across the province: a bank's admin must learn that one is
    # taken (and nothing else) even when another bank's row holds it. These run as the owner.
    op.execute(
        """CREATE FUNCTION cic_org_code_taken(wanted text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
           SET search_path = public AS $$ SELECT EXISTS (SELECT 1 FROM org_units WHERE code = wanted) $$"""
    )
    op.execute(
        """CREATE FUNCTION cic_staff_taken(wanted_username text, wanted_employee_no text, OUT username boolean,
                                           OUT employee_no boolean) LANGUAGE sql STABLE SECURITY DEFINER
           SET search_path = public AS $$
             SELECT EXISTS (SELECT 1 FROM staff_users WHERE staff_users.username = wanted_username),
                    EXISTS (SELECT 1 FROM staff_users WHERE staff_users.employee_no = wanted_employee_no)
           $$"""
    )
    # An archive id a client chooses must be new in every bank (a read by id across banks at
    # province level expects one row).
    op.execute(
        """CREATE FUNCTION cic_archive_id_taken(wanted uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
           SET search_path = public AS $$ SELECT EXISTS (SELECT 1 FROM customers WHERE id = wanted) $$"""
    )
    # Verifying a file is province-wide: whoever asks learns whether CIC issued it, from any bank
    # (the caller narrows the capture record to its scope).
    for name, where in (("cic_image_issued(wanted text)", "image_sha256 = wanted"),
                        ("cic_image_original(wanted text)", "original_sha256 = wanted"),
                        ("cic_image_by_id(wanted uuid)", "id = wanted")):  # fmt: skip
        op.execute(
            f"""CREATE FUNCTION {name} RETURNS SETOF customer_images LANGUAGE sql STABLE SECURITY DEFINER
                SET search_path = public AS $$ SELECT * FROM customer_images WHERE {where} LIMIT 1 $$"""
        )
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant ON {table} USING (cic_tenant_visible(bank_id)) WITH CHECK (cic_tenant_visible(bank_id))")


def downgrade() -> None:
    for table in TENANT_TABLES:
        op.execute(f"DROP POLICY tenant ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION cic_tenant_visible(bigint)")
    op.execute("DROP FUNCTION cic_org_code_taken(text)")
    op.execute("DROP FUNCTION cic_staff_taken(text, text)")
    op.execute("DROP FUNCTION cic_archive_id_taken(uuid)")
    for name in ("cic_image_issued(text)", "cic_image_original(text)", "cic_image_by_id(uuid)"):
        op.execute(f"DROP FUNCTION {name}")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM cic_tenant")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM cic_tenant")
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM cic_tenant")
    op.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM cic_tenant")
    op.execute("REVOKE USAGE ON SCHEMA public FROM cic_tenant")
