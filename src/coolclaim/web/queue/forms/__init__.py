from coolclaim.web.queue.forms.filter import QueueFilterForm, filter_controls

__all__ = ["QueueFilterForm", "filter_controls"]
