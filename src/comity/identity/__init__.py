"""Who uses comity: roles and what they may do (pure), accounts and credentials (stored)."""

from comity.identity.roles import (
    PERMISSIONS,
    PUBLIC,
    Action,
    Role,
    RoleKind,
    default_actor,
    may,
    may_act_as,
    sees_position,
)
from comity.identity.store import Account, IdentityStore, Session, TokenInfo

__all__ = [
    "PERMISSIONS",
    "PUBLIC",
    "Account",
    "Action",
    "IdentityStore",
    "Role",
    "RoleKind",
    "Session",
    "TokenInfo",
    "default_actor",
    "may",
    "may_act_as",
    "sees_position",
]
