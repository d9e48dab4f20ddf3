"""Tests of the back office's delivery and pickup options.

Helpers shared by this package's modules: the data the options page posts,
with its two formsets (the workshop's opening times and closures).
"""

DEFAULT_OPTIONS = {
    "delivers": "on",
    "delivery_flat_rate": "6.90",
    "delivery_rate_per_kg": "0.00",
    "free_delivery_above": "",
    "preparation_hours": "24",
    "accepts_pay_at_pickup": "on",
}


def formset_data(prefix, rows, initial=0):
    """The management form and ``rows`` (dicts of field values) of a formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def options_data(schedules=(), closures=(), initial_schedules=0, **options):
    """What the options page posts; an option set to None is left unchecked/out."""
    data = {**DEFAULT_OPTIONS, **options}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(formset_data("schedules", list(schedules), initial_schedules))
    data.update(formset_data("closures", list(closures)))
    return data
