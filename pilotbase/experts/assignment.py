"""Assignment of expert panels to applications (专家分配), as an integer programme.

Article 8(二): the bureau has technical, management and financial experts (技术专家、管理专家、
财务专家) of the relevant fields evaluate each application.  ``solve`` chooses for every
application a panel of exactly ``panel_size`` experts that covers each required type, never uses
a conflicted or excluded pair, keeps every expert within ``load_cap`` reviews, honours pinned
pairs, and among all such plans maximises the total match score.

Match score (integer, so the optimum can be proven exactly)::

    match_score(application, expert) = 2 × |shared fields| + 1 × |shared industry chains|

A shared field (学科领域) weighs twice a shared chain because a field is the expert's
discipline, while a chain only says which industry they know.  A pair sharing nothing scores 0
and is still allowed: a financial expert needs no technical overlap to audit the accounts.

How it stays small and still proven: variables exist only for allowed pairs (available,
not conflicted, not excluded).  The first model keeps, per application, the top-K candidates of
each required type and the top-K overall (ties broken by a fixed pseudo-random order so that
equally good experts are spread over applications).  Its LP relaxation gives dual prices; with
them every left-out pair gets a reduced cost, which yields a Lagrangian upper bound valid for the
*whole* problem and, after the restricted integer programme finds an incumbent ``z``, shows
which left-out pairs could possibly be part of a plan better than ``z`` (reduced-cost fixing).
Those are added and the programme re-solved, so the reported bound and status hold for the full
problem.  If the pruned model is infeasible the full model is solved instead.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

__all__ = [
    "CHAIN_WEIGHT",
    "FIELD_WEIGHT",
    "TYPE_LABELS",
    "ApplicationTopic",
    "AssignmentResult",
    "ExpertCandidate",
    "GreedyResult",
    "greedy",
    "match_score",
    "solve",
]

FIELD_WEIGHT = 2
CHAIN_WEIGHT = 1
TYPE_LABELS = {"technical": "技术专家", "management": "管理专家", "financial": "财务专家"}
DEFAULT_REQUIRED_TYPES = ("technical", "management", "financial")
DEFAULT_TOP_K = 12

_EPS = 1e-6
# Cost of leaving one panel seat or one required type unfilled in the phase-one LP, per unit of
# the largest pair score; large enough that the LP always prefers any real expert.
_ARTIFICIAL_PENALTY = 1000
_PRICING_ROUNDS = 30


@dataclass(frozen=True)
class ExpertCandidate:
    """An expert of the pool as assignment sees them; one person may hold several types."""

    id: str
    types: frozenset[str]
    fields: frozenset[str] = frozenset()
    chains: frozenset[str] = frozenset()
    available: bool = True
    name: str = ""

    def __post_init__(self) -> None:
        for attr in ("types", "fields", "chains"):
            object.__setattr__(self, attr, frozenset(getattr(self, attr)))

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class ApplicationTopic:
    """What an application is about: its fields and industry chains (spec/eligibility.md codes)."""

    id: str
    title: str = ""
    fields: frozenset[str] = frozenset()
    chains: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for attr in ("fields", "chains"):
            object.__setattr__(self, attr, frozenset(getattr(self, attr)))

    @property
    def label(self) -> str:
        return f"申报书《{self.title or self.id}》"


def match_score(application: ApplicationTopic, expert: ExpertCandidate) -> int:
    """The documented match score of one pair (see the module docstring)."""
    return FIELD_WEIGHT * len(application.fields & expert.fields) + CHAIN_WEIGHT * len(
        application.chains & expert.chains
    )


@dataclass
class AssignmentResult:
    """``status`` is optimal, feasible (a plan, optimality not proven in time), infeasible, or
    unknown (time ran out before any plan was found).  ``bound`` is an upper bound on the best
    possible total score over the whole problem; ``gap`` is (bound − objective) / objective."""

    status: str
    panels: dict[str, tuple[str, ...]]
    objective: int | None
    bound: int | None
    gap: float | None
    solve_seconds: float
    reasons: list[str] = field(default_factory=list)
    variables: int = 0
    method: str = ""

    def loads(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for panel in self.panels.values():
            for expert_id in panel:
                counts[expert_id] = counts.get(expert_id, 0) + 1
        return counts


@dataclass
class GreedyResult:
    """The baseline: panels filled one application at a time; ``complete`` is False when it got stuck."""

    objective: int
    panels: dict[str, tuple[str, ...]]
    complete: bool
    reasons: list[str] = field(default_factory=list)


Pair = tuple[str, str]


class _Instance:
    """The inputs as dense arrays: rows are applications, columns experts."""

    def __init__(
        self,
        applications: Sequence[ApplicationTopic],
        experts: Sequence[ExpertCandidate],
        conflicts: Iterable[Pair],
        pinned: Collection[Pair],
        excluded: Collection[Pair],
        required_types: Sequence[str],
        panel_size: int,
        load_cap: int,
    ) -> None:
        if panel_size < 1:
            raise ValueError("panel_size must be at least 1")
        if load_cap < 1:
            raise ValueError("load_cap must be at least 1")
        self.apps = list(applications)
        self.experts = list(experts)
        self.required = list(dict.fromkeys(required_types))
        self.panel_size = panel_size
        self.load_cap = load_cap
        self.app_index = {a.id: i for i, a in enumerate(self.apps)}
        self.expert_index = {e.id: j for j, e in enumerate(self.experts)}
        if len(self.app_index) != len(self.apps):
            raise ValueError("duplicate application id")
        if len(self.expert_index) != len(self.experts):
            raise ValueError("duplicate expert id")
        n_apps, n_experts = len(self.apps), len(self.experts)

        fields = sorted({f for x in [*self.apps, *self.experts] for f in x.fields})
        chains = sorted({c for x in [*self.apps, *self.experts] for c in x.chains})
        self.score = FIELD_WEIGHT * (
            self._incidence(self.apps, "fields", fields) @ self._incidence(self.experts, "fields", fields).T
        ) + CHAIN_WEIGHT * (
            self._incidence(self.apps, "chains", chains) @ self._incidence(self.experts, "chains", chains).T
        )
        self.has_type = np.array(
            [[t in e.types for t in self.required] for e in self.experts], dtype=bool
        ).reshape(n_experts, len(self.required))
        self.available = np.array([e.available for e in self.experts], dtype=bool)

        self.conflicted = np.zeros((n_apps, n_experts), dtype=bool)
        for app_id, expert_id in conflicts:
            # Conflicts recorded for applications or experts outside this round do not matter here.
            i, j = self.app_index.get(app_id), self.expert_index.get(expert_id)
            if i is not None and j is not None:
                self.conflicted[i, j] = True
        self.excluded = np.zeros_like(self.conflicted)
        for app_id, expert_id in excluded:
            i, j = self.app_index.get(app_id), self.expert_index.get(expert_id)
            if i is not None and j is not None:
                self.excluded[i, j] = True
        self.pinned = np.zeros_like(self.conflicted)
        for app_id, expert_id in pinned:
            if app_id not in self.app_index or expert_id not in self.expert_index:
                raise ValueError(
                    f"pinned pair names an unknown application or expert: {(app_id, expert_id)!r}"
                )
            self.pinned[self.app_index[app_id], self.expert_index[expert_id]] = True
        self.allowed = self.available[None, :] & ~self.conflicted & ~self.excluded

    @staticmethod
    def _incidence(
        items: Sequence[ApplicationTopic | ExpertCandidate], attr: str, vocab: list[str]
    ) -> np.ndarray:
        index = {code: k for k, code in enumerate(vocab)}
        matrix = np.zeros((len(items), len(vocab)), dtype=np.int32)
        for row, item in enumerate(items):
            for code in getattr(item, attr):
                matrix[row, index[code]] = 1
        return matrix

    def type_label(self, t: int) -> str:
        return TYPE_LABELS.get(self.required[t], self.required[t])


# ---------------------------------------------------------------------------------------------
# Explanations in plain Chinese


def _precheck(inst: _Instance) -> list[str]:
    """Reasons that make the problem infeasible, found by counting before any solver runs."""
    reasons: list[str] = []
    n_apps = len(inst.apps)
    if n_apps == 0:
        return reasons
    if not inst.experts:
        return ["专家库为空，无法为申报书分配评审专家"]
    if not inst.available.any():
        return ["专家库中没有可参与评审的专家（全部标记为不可用）"]

    missing_types: set[int] = set()
    for t in range(len(inst.required)):
        if not (inst.has_type[:, t] & inst.available).any():
            missing_types.add(t)
            reasons.append(f"专家库中没有可参与评审的{inst.type_label(t)}")

    # Pinned pairs that cannot stand, whatever else happens.
    for i, j in zip(*np.nonzero(inst.pinned), strict=True):
        app, expert = inst.apps[i], inst.experts[j]
        if inst.conflicted[i, j]:
            reasons.append(f"{app.label}：指定的专家 {expert.label} 与该申报书存在利益冲突")
        if inst.excluded[i, j]:
            reasons.append(f"{app.label}：专家 {expert.label} 既被指定又被排除")
        if not inst.available[j]:
            reasons.append(f"{app.label}：指定的专家 {expert.label} 当前不可参与评审")
    for j in np.nonzero(inst.pinned.sum(axis=0) > inst.load_cap)[0]:
        count = int(inst.pinned[:, j].sum())
        reasons.append(
            f"专家 {inst.experts[j].label} 被指定评审 {count} 份申报书，超过负荷上限 {inst.load_cap} 份"
        )

    for i, app in enumerate(inst.apps):
        allowed = inst.allowed[i]
        count = int(allowed.sum())
        if count < inst.panel_size:
            reasons.append(
                f"{app.label}：无利益冲突的可用专家只有 {count} 人，少于评审组需要的 {inst.panel_size} 人"
            )
        for t in range(len(inst.required)):
            if t not in missing_types and not (allowed & inst.has_type[:, t]).any():
                reasons.append(f"{app.label}：专家库中没有无利益冲突的{inst.type_label(t)}")
        pins = inst.pinned[i]
        n_pins = int(pins.sum())
        if n_pins > inst.panel_size:
            reasons.append(f"{app.label}：指定了 {n_pins} 名专家，超过评审组人数 {inst.panel_size} 人")
        elif n_pins == inst.panel_size:
            for t in range(len(inst.required)):
                if not (pins & inst.has_type[:, t]).any():
                    reasons.append(
                        f"{app.label}：指定的 {n_pins} 名专家已占满评审组，但其中没有{inst.type_label(t)}"
                    )

    # Capacity: each expert can serve at most min(load cap, number of applications open to them).
    reach = np.minimum(inst.allowed.sum(axis=0), inst.load_cap)
    needed = n_apps * inst.panel_size
    if reach.sum() < needed:
        reasons.append(
            f"专家总负荷上限 {int(reach.sum())} 人次，少于需要的 {needed} 人次"
            f"（{n_apps} 份申报书 × 每组 {inst.panel_size} 人）"
        )
    for t in range(len(inst.required)):
        if t in missing_types:
            continue
        capacity = int(reach[inst.has_type[:, t]].sum())
        if capacity < n_apps:
            reasons.append(f"{inst.type_label(t)}总负荷上限 {capacity} 人次，少于需要的 {n_apps} 人次")
    return reasons


def _postcheck(inst: _Instance, deadline: float) -> list[str]:
    """When counting found nothing but the solver proved infeasibility: relax one requirement at
    a time on the LP relaxation to name the requirement that cannot be met together with the rest."""
    cols = inst.allowed | inst.pinned
    reasons: list[str] = []
    for t in range(len(inst.required)):
        lp = _solve_lp(inst, cols, deadline, drop_type=t)
        if lp is not None and lp.status == 0:
            reasons.append(
                f"在每人负荷上限 {inst.load_cap} 份和回避要求下，无法为全部 {len(inst.apps)} 份申报书"
                f"各配备至少一名{inst.type_label(t)}"
            )
    lp = _solve_lp(inst, cols, deadline, drop_load=True)
    if lp is not None and lp.status == 0:
        reasons.append(f"专家负荷上限 {inst.load_cap} 份过低：放宽负荷上限后即可组成全部评审组")
    if not reasons:
        reasons.append("评审组人数、专家类型要求、负荷上限、指定与排除、回避要求无法同时满足")
    return reasons


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class _Matrices:
    rows: np.ndarray  # application index of each variable
    cols: np.ndarray  # expert index of each variable
    c: np.ndarray  # objective to minimise (−score)
    a_eq: sparse.csr_matrix
    b_eq: np.ndarray
    a_ub: sparse.csr_matrix
    b_ub: np.ndarray
    lower: np.ndarray


def _build(
    inst: _Instance, mask: np.ndarray, *, drop_type: int | None = None, drop_load: bool = False
) -> _Matrices:
    n_apps, n_experts, n_types = len(inst.apps), len(inst.experts), len(inst.required)
    ai, ei = np.nonzero(mask)
    n = len(ai)
    var = np.arange(n)
    a_eq = sparse.csr_matrix((np.ones(n), (ai, var)), shape=(n_apps, n))
    b_eq = np.full(n_apps, float(inst.panel_size))
    # Coverage rows written as −Σ x ≤ −1 so that every inequality is "≤" and duals share one sign.
    cov_rows, cov_vars = [], []
    for t in range(n_types):
        if t == drop_type:
            continue
        sel = inst.has_type[ei, t]
        cov_rows.append(ai[sel] + t * n_apps)
        cov_vars.append(var[sel])
    cov_r = np.concatenate(cov_rows) if cov_rows else np.zeros(0, dtype=int)
    cov_v = np.concatenate(cov_vars) if cov_vars else np.zeros(0, dtype=int)
    a_cov = sparse.csr_matrix((-np.ones(len(cov_r)), (cov_r, cov_v)), shape=(n_apps * n_types, n))
    b_cov = np.full(n_apps * n_types, -1.0)
    if drop_type is not None:
        b_cov[drop_type * n_apps : (drop_type + 1) * n_apps] = 0.0
    a_load = sparse.csr_matrix((np.ones(n), (ei, var)), shape=(n_experts, n))
    b_load = np.full(n_experts, float(inst.load_cap if not drop_load else n_apps))
    return _Matrices(
        rows=ai,
        cols=ei,
        c=-inst.score[ai, ei].astype(float),
        a_eq=a_eq,
        b_eq=b_eq,
        a_ub=sparse.vstack([a_cov, a_load]).tocsr(),
        b_ub=np.concatenate([b_cov, b_load]),
        lower=inst.pinned[ai, ei].astype(float),
    )


def _remaining(deadline: float) -> float:
    return max(0.05, deadline - time.perf_counter())


def _solve_lp(
    inst: _Instance, mask: np.ndarray, deadline: float, *, artificial: bool = False, **relax: object
):
    """LP relaxation over the pairs in ``mask``.  With ``artificial`` each panel and coverage row
    gets a heavily penalised slack, so that a restricted model short of candidates still yields
    duals that price in the pairs it lacks (phase one of column generation)."""
    m = _build(inst, mask, **relax)  # type: ignore[arg-type]
    if len(m.c) == 0 and not artificial:
        return None
    c, a_eq, a_ub = m.c, m.a_eq, m.a_ub
    lower, upper = m.lower, np.ones(len(m.c))
    if artificial:
        n_apps, n_cov, n_load = a_eq.shape[0], len(inst.apps) * len(inst.required), len(inst.experts)
        penalty = float(_ARTIFICIAL_PENALTY * (1 + inst.score.max(initial=0)))
        a_eq = sparse.hstack([a_eq, sparse.identity(n_apps), sparse.csr_matrix((n_apps, n_cov))]).tocsr()
        a_ub = sparse.hstack(
            [
                a_ub,
                sparse.csr_matrix((n_cov + n_load, n_apps)),
                sparse.vstack([-sparse.identity(n_cov), sparse.csr_matrix((n_load, n_cov))]),
            ]
        ).tocsr()
        c = np.concatenate([c, np.full(n_apps + n_cov, penalty)])
        lower = np.concatenate([lower, np.zeros(n_apps + n_cov)])
        upper = np.concatenate([upper, np.full(n_apps, float(inst.panel_size)), np.ones(n_cov)])
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=m.b_ub,
        A_eq=a_eq,
        b_eq=m.b_eq,
        bounds=np.column_stack([lower, upper]),
        method="highs",
        options={"time_limit": _remaining(deadline)},
    )
    res.artificial = float(res.x[len(m.c) :].sum()) if artificial and res.x is not None else 0.0
    return res


def _solve_mip(inst: _Instance, mask: np.ndarray, deadline: float):
    m = _build(inst, mask)
    res = milp(
        m.c,
        integrality=np.ones(len(m.c)),
        bounds=Bounds(m.lower, np.ones(len(m.c))),
        constraints=[
            LinearConstraint(m.a_eq, m.b_eq, m.b_eq),
            LinearConstraint(m.a_ub, -np.inf, m.b_ub),
        ],
        options={"time_limit": _remaining(deadline), "mip_rel_gap": 0.0},
    )
    return m, res


def _reduced_costs(inst: _Instance, lp) -> tuple[np.ndarray, float]:
    """Reduced cost of every allowed pair under the LP duals, and the Lagrangian upper bound.

    For any duals of the right sign, every feasible plan x satisfies
    score·x ≤ yᵀb + Σ d·x; bounding Σ d·x by its positive part gives an upper bound valid for
    the full problem, even for pairs the restricted model never contained.
    """
    n_apps, n_types = len(inst.apps), len(inst.required)
    y_eq = -np.asarray(lp.eqlin.marginals)
    y_ub = np.maximum(-np.asarray(lp.ineqlin.marginals), 0.0)
    y_cov = y_ub[: n_apps * n_types].reshape(n_types, n_apps).T  # (apps, types)
    y_load = y_ub[n_apps * n_types :]
    d = inst.score - y_eq[:, None] + y_cov @ inst.has_type.T.astype(float) - y_load[None, :]
    usable = inst.allowed | inst.pinned
    free = usable & ~inst.pinned
    bound = (
        y_eq.sum() * inst.panel_size
        - y_cov.sum()
        + y_load.sum() * inst.load_cap
        + np.maximum(d[free], 0.0).sum()
        + d[inst.pinned].sum()
    )
    d = np.where(usable, d, -np.inf)
    return d, float(bound)


def _top_k_mask(inst: _Instance, k: int) -> np.ndarray:
    # A fixed pseudo-random tie-break spreads equally good experts over applications instead of
    # sending every application to the same lowest-id ones, which would collide on load caps.
    rng = np.random.default_rng(20240501)
    tie = rng.random(inst.score.shape)
    key = np.where(inst.allowed, inst.score + 0.5 * tie, -1.0)
    mask = inst.pinned.copy()
    n_experts = key.shape[1]
    selectors = [None, *range(len(inst.required))]
    for t in selectors:
        sub = key if t is None else np.where(inst.has_type[:, t][None, :], key, -1.0)
        kk = min(k, n_experts)
        if kk == n_experts:
            idx = np.broadcast_to(np.arange(n_experts), sub.shape)
        else:
            idx = np.argpartition(-sub, kk - 1, axis=1)[:, :kk]
        chosen = np.take_along_axis(sub, idx, axis=1) >= 0
        rows = np.broadcast_to(np.arange(sub.shape[0])[:, None], idx.shape)
        mask[rows[chosen], idx[chosen]] = True
    return mask


def _best_per_row(values: np.ndarray, k: int) -> np.ndarray:
    """Mask of each row's k largest finite values: entering pairs are added a few per application
    per round, because early duals (inflated by the phase-one penalty) price in almost everything."""
    k = min(k, values.shape[1])
    idx = np.argpartition(-values, k - 1, axis=1)[:, :k]
    picked = np.zeros(values.shape, dtype=bool)
    rows = np.broadcast_to(np.arange(values.shape[0])[:, None], idx.shape)
    picked[rows, idx] = True
    return picked & np.isfinite(values)


def _floor(value: float) -> int:
    return math.floor(value + _EPS)


def solve(
    applications: Sequence[ApplicationTopic],
    experts: Sequence[ExpertCandidate],
    conflicts: Iterable[Pair],
    *,
    panel_size: int,
    required_types: Sequence[str] = DEFAULT_REQUIRED_TYPES,
    load_cap: int,
    pinned: Collection[Pair] = frozenset(),
    excluded: Collection[Pair] = frozenset(),
    time_limit_s: float = 30.0,
    top_k: int | None = DEFAULT_TOP_K,
) -> AssignmentResult:
    """Choose an expert panel for every application (Art. 8(二)); see the module docstring.

    ``conflicts``, ``pinned`` and ``excluded`` hold (application id, expert id) pairs —
    ``EffectiveConflicts.pairs()`` gives the first.  ``top_k`` None solves the full model
    directly.  Raises ``ValueError`` for malformed input (sizes below 1, duplicate ids, pinned
    pairs naming unknown ids); infeasibility is not an error but a result with Chinese reasons.
    """
    started = time.perf_counter()
    deadline = started + time_limit_s
    inst = _Instance(applications, experts, conflicts, pinned, excluded, required_types, panel_size, load_cap)

    def result(status: str, **kw: object) -> AssignmentResult:
        return AssignmentResult(
            status=status,
            panels=kw.pop("panels", {}),  # type: ignore[arg-type]
            objective=kw.pop("objective", None),  # type: ignore[arg-type]
            bound=kw.pop("bound", None),  # type: ignore[arg-type]
            gap=kw.pop("gap", None),  # type: ignore[arg-type]
            solve_seconds=time.perf_counter() - started,
            **kw,  # type: ignore[arg-type]
        )

    def failed(res, method: str) -> AssignmentResult:
        if res.status == 2:
            return result("infeasible", reasons=_postcheck(inst, deadline), method=method)
        return result("unknown", reasons=["求解超时，尚未找到可行的分配方案"], method=method)

    def finish(model: _Matrices, res, incumbent: int, bound: int | None, method: str) -> AssignmentResult:
        chosen = res.x > 0.5
        panels: dict[str, list[tuple[int, str]]] = {a.id: [] for a in inst.apps}
        for i, j in zip(model.rows[chosen], model.cols[chosen], strict=True):
            panels[inst.apps[i].id].append((-int(inst.score[i, j]), inst.experts[j].id))
        proven = bound is not None and bound <= incumbent
        return result(
            "optimal" if proven else "feasible",
            panels={k: tuple(e for _, e in sorted(v)) for k, v in panels.items()},
            objective=incumbent,
            bound=bound,
            gap=None if bound is None else (bound - incumbent) / max(1, abs(incumbent)),
            variables=len(model.c),
            method=method,
        )

    if not inst.apps:
        return result("optimal", objective=0, bound=0, gap=0.0, method="empty")
    reasons = _precheck(inst)
    if reasons:
        return result("infeasible", reasons=reasons, method="precheck")

    full = inst.allowed | inst.pinned
    if top_k is None:
        model, res = _solve_mip(inst, full, deadline)
        if res.x is None:
            return failed(res, "full")
        incumbent = round(-res.fun)
        bound = _floor(-res.mip_dual_bound) if res.mip_dual_bound is not None else None
        return finish(model, res, incumbent, max(bound, incumbent) if bound is not None else None, "full")

    # Phase-one LP with column generation: start from the top-K candidates and add every pair
    # whose reduced cost says it would improve the relaxation, until none would.
    mask, method = _top_k_mask(inst, top_k), "pruned"
    lp = _solve_lp(inst, mask, deadline, artificial=True)
    d, lagrangian = None, math.inf
    for _ in range(_PRICING_ROUNDS):
        if lp.status != 0:
            break
        d, lagrangian = _reduced_costs(inst, lp)
        entering = (d > _EPS) & ~mask
        if not entering.any():
            break
        mask = mask | _best_per_row(np.where(entering, d, -np.inf), top_k)
        lp = _solve_lp(inst, mask, deadline, artificial=True)
    if lp.status == 0:
        d, lagrangian = _reduced_costs(inst, lp)
    upper = _floor(lagrangian) if math.isfinite(lagrangian) else None

    model, res = _solve_mip(inst, mask, deadline)
    if res.x is None:
        # The pruned model may be infeasible while the full one is not: solve the full one.
        model, res = _solve_mip(inst, full, deadline)
        if res.x is None:
            return failed(res, "full")
        incumbent = round(-res.fun)
        bound = _floor(-res.mip_dual_bound) if res.mip_dual_bound is not None else upper
        if upper is not None and bound is not None:
            bound = min(bound, upper)
        return finish(model, res, incumbent, None if bound is None else max(bound, incumbent), "full")

    incumbent = round(-res.fun)
    restricted_bound = _floor(-res.mip_dual_bound) if res.mip_dual_bound is not None else None
    bound = upper
    if d is not None and upper is not None and upper > incumbent:
        # The restricted model's own bound says nothing about pairs it left out; the Lagrangian
        # bound does.  Reduced-cost fixing: a plan scoring ≥ incumbent+1 can only use pairs whose
        # reduced cost leaves room for it, so every other pair is provably useless.
        room = (incumbent + 1) - lagrangian - _EPS
        widened = mask | (np.isfinite(d) & (d >= room))
        if not (widened != mask).any():
            if restricted_bound is not None:
                bound = min(upper, restricted_bound)
        else:
            mask, method = widened, "pruned+fixing"
            model2, res2 = _solve_mip(inst, mask, deadline)
            if res2.x is not None and -res2.fun >= incumbent - _EPS:
                model, res = model2, res2
                incumbent = round(-res.fun)
            if res2.mip_dual_bound is not None:
                bound = min(upper, _floor(-res2.mip_dual_bound))
    return finish(model, res, incumbent, None if bound is None else max(bound, incumbent), method)


def _pick_best(inst: _Instance, i: int, load: np.ndarray, taken: np.ndarray, eligible: np.ndarray) -> bool:
    """Add to ``taken`` the best-scoring open expert among ``eligible``; False when there is none."""
    open_ = inst.allowed[i] & (load < inst.load_cap) & ~taken & eligible
    if not open_.any():
        return False
    taken[int(np.argmax(np.where(open_, inst.score[i], -1)))] = True
    return True


def greedy(
    applications: Sequence[ApplicationTopic],
    experts: Sequence[ExpertCandidate],
    conflicts: Iterable[Pair],
    *,
    panel_size: int,
    required_types: Sequence[str] = DEFAULT_REQUIRED_TYPES,
    load_cap: int,
    pinned: Collection[Pair] = frozenset(),
    excluded: Collection[Pair] = frozenset(),
) -> GreedyResult:
    """The obvious baseline, for comparison only: application by application in the given order,
    take the pins, then the best-scoring expert of each missing type, then the best of the rest."""
    inst = _Instance(applications, experts, conflicts, pinned, excluded, required_types, panel_size, load_cap)
    load = np.zeros(len(inst.experts), dtype=int)
    panels: dict[str, tuple[str, ...]] = {}
    objective = 0
    complete = True
    reasons: list[str] = []
    for i, app in enumerate(inst.apps):
        taken = inst.pinned[i] & inst.allowed[i] & (load < inst.load_cap)
        taken = taken.copy()

        for t in range(len(inst.required)):
            if (taken & inst.has_type[:, t]).any():
                continue
            if taken.sum() >= inst.panel_size or not _pick_best(inst, i, load, taken, inst.has_type[:, t]):
                complete = False
                reasons.append(f"{app.label}：按顺序分配时没有剩余的{inst.type_label(t)}")
        while taken.sum() < inst.panel_size and _pick_best(
            inst, i, load, taken, np.ones(len(inst.experts), dtype=bool)
        ):
            pass
        if taken.sum() != inst.panel_size:
            complete = False
            reasons.append(f"{app.label}：按顺序分配时评审组未满 {inst.panel_size} 人")
        load += taken
        objective += int(inst.score[i, taken].sum())
        panels[app.id] = tuple(inst.experts[j].id for j in np.nonzero(taken)[0])
    return GreedyResult(objective=objective, panels=panels, complete=complete, reasons=reasons)
