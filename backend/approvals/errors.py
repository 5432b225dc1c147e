"""Error codes of quota applications, approval tasks, processes and quotas
(``backend.approvals.service``, ``backend.approvals.bpmn``); tests/platform/test_error_codes.py keeps
the list equal to the codes raised."""

ERROR_CODES: frozenset[str] = frozenset(
    {
        # eligibility (each a reason the customer may not apply)
        "ARCHIVE_CLOSED",
        "PRODUCT_NOT_OFFERED",
        "CHANNEL_NOT_OFFERED",
        "NOT_RATED",
        "NOT_PRECISE",
        "VETOED",
        "GRADE_TOO_LOW",
        "AGE_OUT_OF_RANGE",
        "REGION_NOT_COVERED",
        # the application
        "AMOUNT_OUT_OF_RANGE",
        "TERM_NOT_OFFERED",
        "REPAYMENT_NOT_OFFERED",
        "PURPOSE_REQUIRED",
        "OVER_REASON_REQUIRED",
        "ATTACHMENT_UNKNOWN",
        "APPLICATION_OPEN_EXISTS",
        "APPLICATION_ID_TAKEN",
        "NOT_APPLICANT",
        "APPLICATION_CLOSED",
        "NOT_RETURNED",
        # tasks
        "TASK_CLOSED",
        "TASK_CLAIMED_BY_OTHER",
        "NOT_CANDIDATE",
        "SELF_APPROVAL",
        "SAME_APPROVER_TWICE",
        "NOT_CLAIMED",
        "APPROVED_ABOVE_REQUEST",
        "RATE_OUT_OF_RANGE",
        "REASON_REQUIRED",
        "DELEGATE_NOT_CANDIDATE",
        # processes (BPMN validation)
        "BPMN_NOT_XML",
        "BPMN_NOT_BPMN",
        "BPMN_ONE_PROCESS",
        "BPMN_PROCESS_ID",
        "BPMN_UNSUPPORTED_ELEMENT",
        "BPMN_UNSUPPORTED_EVENT",
        "BPMN_ONE_START",
        "BPMN_NO_END",
        "BPMN_LANE_ROLE",
        "BPMN_LANE_LEVEL",
        "BPMN_TASK_LANE",
        "BPMN_GATEWAY_CONDITION",
        "BPMN_CONDITION",
        "BPMN_BOUNDARY",
        "BPMN_TIMER",
        "BPMN_INVALID",
        "NOT_ADMINISTERED",
        # quotas
        "QUOTA_STATUS",
    }
)
