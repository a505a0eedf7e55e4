from django import template

register = template.Library()


@register.filter
def get_text(texts, name):
    return (texts or {}).get(name, "")
