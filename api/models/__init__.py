"""Database models; importing this package registers every table on the metadata."""

from api.models.api_key import SCOPES, ApiKey
from api.models.change import ACTIONS, Change, Dataset
from api.models.industry import Industry
from api.models.market import AREA_TYPES, BLS_AREA_TYPES, Area, MarketWage
from api.models.occupation import CareerLadderStep, Occupation
from api.models.role import LEVELS, Role, role_industries, role_skills
from api.models.salary_band import NATURAL_KEY, PERIOD_KEY, PERIODS, SalaryBand
from api.models.skill import CATEGORIES, PAY_DRIVER_KINDS, Skill
from api.models.source import NOTE_TOPICS, Source, SourceNote

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "NOTE_TOPICS",
    "PAY_DRIVER_KINDS",
    "PERIODS",
    "NATURAL_KEY",
    "PERIOD_KEY",
    "ACTIONS",
    "AREA_TYPES",
    "BLS_AREA_TYPES",
    "SCOPES",
    "Area",
    "MarketWage",
    "ApiKey",
    "CareerLadderStep",
    "Change",
    "Dataset",
    "Industry",
    "Occupation",
    "Role",
    "SalaryBand",
    "Skill",
    "Source",
    "SourceNote",
    "role_industries",
    "role_skills",
]
