"""Figure builders: tidy frame -> `go.Figure`, one module per area, one shared template.

Builders never call `.show()`; callers adjust with `update_layout`. Every builder styles
its figure with `template.apply_template` and colours outlets with `template.outlet_colors`.
"""

from helpers.figures.template import (
    NO_MATCH,
    UNKNOWN_OUTLET,
    apply_template,
    empty_state,
    escape,
    hover_text,
    outlet_color,
    outlet_colors,
    outlet_label,
)

__all__ = [
    "NO_MATCH",
    "UNKNOWN_OUTLET",
    "apply_template",
    "empty_state",
    "escape",
    "hover_text",
    "outlet_color",
    "outlet_colors",
    "outlet_label",
]
