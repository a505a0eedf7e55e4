from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not isinstance(mapping, dict):
        return ""
    value = mapping.get(key, "")
    return "" if value is None else value


@register.filter
def action_label(action):
    from pilotbase.applications.workflow import ACTION_LABELS

    return ACTION_LABELS.get(action, action)
