"""The queue's rows read as values: each group of ROW_VALUES fills its row class's fields in order."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from coolclaim.web.queue.tables import page_rows as pr


def test_each_group_of_values_fills_its_class_s_fields_in_order() -> None:
    item_fields = [f.name for f in fields(pr.RowItem)]
    assert len(pr.ITEM_VALUES) == item_fields.index("facility")
    assert len(pr.SESSION_VALUES) == len(fields(pr.RowSession))
    assert len(pr.PATIENT_VALUES) == len(fields(pr.RowPatient))
    assert (*pr.ITEM_VALUES, *pr.SESSION_VALUES, *pr.PATIENT_VALUES, *pr.CLAIM_VALUES) == pr.ROW_VALUES


def test_each_value_lands_in_the_field_of_its_name() -> None:
    """A value's last path part is its field's name; a key lands in ``pk``."""
    keys = {"id", "session_id", "session__course__patient_id"}
    groups = (
        (pr.ITEM_VALUES, [f.name for f in fields(pr.RowItem)]),
        (pr.SESSION_VALUES, [f.name for f in fields(pr.RowSession)]),
        (pr.PATIENT_VALUES, [f.name for f in fields(pr.RowPatient)]),
    )
    for values, names in groups:
        for value, name in zip(values, names, strict=False):
            assert name == value.split("__")[-1] or (name == "pk" and value in keys), (value, name)


def test_a_row_of_values_becomes_its_item_session_patient_and_claim() -> None:
    values = (
        *(7, dt.date(2026, 11, 2), True, False, False, True, False, 3),
        *(11, "S-11", 3, 5, "SER-1", True, False, 21),
        *(21, "MRN-21", "Doe", "Jane"),
        *(31, 41),
    )
    assert len(values) == len(pr.ROW_VALUES)
    (item,) = pr.page_rows([values], {})
    assert (item.pk, item.service_date, item.held, item.denied, item.facility_id, item.facility) == (
        7,
        dt.date(2026, 11, 2),
        True,
        True,
        3,
        None,
    )
    s = item.session
    assert (s.pk, s.session_id, s.facility_id, s.coverage_id, s.device_serial) == (11, "S-11", 3, 5, "SER-1")
    assert (s.order_verified, s.contraindications_screened, s.patient_id) == (True, False, 21)
    assert (item.patient.pk, item.patient.mrn, item.patient.display_name) == (21, "MRN-21", "Doe, Jane")
    claim = item.claim
    assert claim is not None and (claim.pk, claim.session_id, claim.current_version_id) == (31, 11, 41)
    (unbilled,) = pr.page_rows([(*values[:-2], None, None)], {})
    assert unbilled.claim is None
