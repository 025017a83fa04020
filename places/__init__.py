"""Places: French communes, the one way to resolve a search's centre, and distances.

Every package may import ``places``; it imports only ``core``.
"""
