"""Figures of the dashboard: pure functions from the tidy frames of :mod:`analysis.queries`.

Each ``*_figure`` takes a frame (never changed) and options and returns a
``go.Figure`` with a title and axis titles. Every text that came from an article
(names, titles, sources, evidence) is passed through ``html.escape`` because
Plotly renders a subset of HTML in labels and hover text. An actor always has
the colour :func:`actor_colour` gives its id, in every chart.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.queries import TIMELINE_TITLES, TITLE_SEPARATOR

#: Distinct colours readable on white; an actor's colour is picked by its id.
ACTOR_PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#4e79a7",
    "#e15759",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#f28e2b",
    "#393b79",
    "#637939",
    "#843c39",
    "#7b4173",
    "#3182bd",
)
TOPIC_PALETTE = (
    "#0b6e4f",
    "#c44536",
    "#3a86ff",
    "#8338ec",
    "#fb8500",
    "#6a994e",
    "#bc4749",
    "#457b9d",
    "#e76f51",
    "#2a9d8f",
)
PRIMARY = "#1f4e79"
PERIOD_TITLES = {
    "day": "Day",
    "week": "Week (starting Monday)",
    "month": "Month",
    "quarter": "Quarter",
}
#: Tick formats; these codes mean the same in d3 (Plotly) and strftime (hover text).
_TICK_FORMATS = {"day": "%d %b %Y", "week": "%d %b %Y", "month": "%b %Y", "quarter": "%b %Y"}
_PANDAS_FREQS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS"}
MEASURE_TITLES = {
    "articles": "Articles naming the actor",
    "mentions": "Mentions",
    "share": "Share of the period's articles",
}
INTERACTION_SYMBOLS = {
    "meeting": "diamond",
    "call": "star",
    "talks": "square",
    "visit": "triangle-up",
    "agreement": "hexagram",
}
_HOVER_TITLES = TIMELINE_TITLES


def actor_colour(actor_id: int) -> str:
    """The colour of actor ``actor_id`` in every chart (a hex string, stable across runs)."""
    return ACTOR_PALETTE[int(actor_id) % len(ACTOR_PALETTE)]


def inert(text: object) -> str:
    """``text`` escaped so that Plotly shows it literally."""
    return html.escape("" if text is None else str(text), quote=False)


def _wrapped(text: object, width: int = 70, limit: int = 400) -> str:
    cut = "" if text is None else str(text)
    if len(cut) > limit:
        cut = cut[:limit].rstrip() + "…"
    return "<br>".join(inert(line) for line in textwrap.wrap(cut, width)) or ""


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        template="plotly_white",
        font={"size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        hoverlabel={"align": "left"},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True)
    return fig


def _note_if_empty(fig: go.Figure, frame: pd.DataFrame) -> go.Figure:
    if frame.empty:
        fig.add_annotation(
            text="Nothing to show for these filters",
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            font={"size": 16, "color": "#666"},
        )
    return fig


def _complete(
    frame: pd.DataFrame, key: str, freq: str, value_columns: Sequence[str]
) -> pd.DataFrame:
    """``frame`` with a zero row for every period between its first and last, per ``key``."""
    if frame.empty:
        return frame
    periods = pd.date_range(frame["period"].min(), frame["period"].max(), freq=_PANDAS_FREQS[freq])
    periods = periods.union(pd.DatetimeIndex(frame["period"].unique()))
    parts = []
    for value, group in frame.groupby(key, sort=False):
        filled = group.set_index("period").reindex(periods)
        filled[list(value_columns)] = filled[list(value_columns)].fillna(0)
        filled[key] = value
        parts.append(filled.rename_axis("period").reset_index())
    return pd.concat(parts, ignore_index=True)


def volume_figure(volume: pd.DataFrame, freq: str = "month") -> go.Figure:
    """Bars of articles per period, from :func:`analysis.queries.article_volume`."""
    fig = go.Figure(
        go.Bar(
            x=volume["period"].tolist(),
            y=volume["articles"].tolist(),
            marker_color=PRIMARY,
            name="Articles",
            hovertemplate=f"%{{x|{_TICK_FORMATS[freq]}}}: %{{y}} article(s)<extra></extra>",
        )
    )
    _layout(fig, f"Articles per {freq}", PERIOD_TITLES[freq], "Articles", height=360)
    fig.update_xaxes(tickformat=_TICK_FORMATS[freq])
    return _note_if_empty(fig, volume)


def _ranking(labels, values, colours, title: str, x_title: str) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=[inert(label) for label in labels],
            orientation="h",
            marker_color=list(colours),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    _layout(fig, title, x_title, "", height=max(300, 90 + 34 * len(values)))
    fig.update_yaxes(autorange="reversed")
    return fig


def top_actors_figure(ranking: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the actors in :func:`analysis.queries.top_actors`, each in its colour."""
    fig = _ranking(
        ranking["name"],
        ranking["articles"],
        [actor_colour(a) for a in ranking["actor_id"]],
        "Most-named actors",
        "Articles naming the actor",
    )
    return _note_if_empty(fig, ranking)


def top_topics_figure(ranking: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the topics in :func:`analysis.queries.top_topics`."""
    colours = [TOPIC_PALETTE[i % len(TOPIC_PALETTE)] for i in range(len(ranking))]
    fig = _ranking(
        ranking["label"],
        ranking["articles"],
        colours,
        "Leading topics",
        "Articles carrying the topic",
    )
    return _note_if_empty(fig, ranking)


def _titles_hover(titles: object, articles: int) -> str:
    """The first titles of a period's ``articles``, and how many more there are."""
    if not isinstance(titles, str) or not titles:
        return ""
    names = titles.split(TITLE_SEPARATOR)[:_HOVER_TITLES]
    shown = [f"• {inert(textwrap.shorten(t, 80, placeholder='…'))}" for t in names]
    if articles > len(names):
        shown.append(f"… and {articles - len(names)} more")
    return "<br>" + "<br>".join(shown)


def actor_timeline_figure(
    timeline: pd.DataFrame,
    interactions: pd.DataFrame | None = None,
    measure: str = "articles",
    freq: str = "month",
) -> go.Figure:
    """One line per actor over time, from :func:`analysis.queries.actor_timeline`.

    ``measure`` is ``articles``, ``mentions`` or ``share``; periods without the
    actor count as zero. Interactions (from
    :func:`analysis.queries.actor_interactions`) become markers on the line of
    the plotted actor taking part, shaped by type.
    """
    if measure not in MEASURE_TITLES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURE_TITLES)}")
    fig = go.Figure()
    filled = _complete(timeline, "actor_id", freq, ["articles", "mentions", "share"])
    tick = _TICK_FORMATS[freq]
    y_at: dict[tuple[int, pd.Timestamp], float] = {}
    for actor_id, group in filled.groupby("actor_id", sort=False):
        name = timeline.loc[timeline["actor_id"] == actor_id, "name"].iloc[0]
        hover = [
            f"<b>{inert(name)}</b> · {period.strftime(tick)}<br>"
            f"{int(row.articles)} article(s), {int(row.mentions)} mention(s), "
            f"{row.share:.0%} of the period's articles"
            f"{_titles_hover(row.titles, int(row.articles))}"
            for period, row in zip(group["period"], group.itertuples(), strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=group["period"].tolist(),
                y=group[measure].tolist(),
                mode="lines+markers",
                name=inert(name),
                line={"color": actor_colour(actor_id), "width": 2.5},
                marker={"size": 7},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        y_at.update(
            {(actor_id, p): y for p, y in zip(group["period"], group[measure], strict=True)}
        )
    if interactions is not None and not interactions.empty and not timeline.empty:
        _add_interaction_markers(fig, interactions, set(timeline["actor_id"]), y_at)
    _layout(
        fig,
        f"Mentions over time ({MEASURE_TITLES[measure].lower()})",
        PERIOD_TITLES[freq],
        MEASURE_TITLES[measure],
        height=460,
    )
    fig.update_xaxes(tickformat=tick)
    if measure == "share":
        fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    else:
        fig.update_yaxes(rangemode="tozero")
        if not filled.empty and filled[measure].max() <= 8:
            fig.update_yaxes(dtick=1)  # whole numbers only
    return _note_if_empty(fig, timeline)


#: Encounters described in the hover of one timeline marker; the rest are counted.
_MARKER_EVIDENCE = 3
_MARKER_COLUMNS = (
    "a_id",
    "b_id",
    "period",
    "type",
    "date",
    "place",
    "a_name",
    "b_name",
    "evidence",
)


def _add_interaction_markers(fig, interactions: pd.DataFrame, plotted: set, y_at: dict) -> None:
    """One marker per plotted actor and period with encounters, shaped by their most
    frequent kind; the hover counts them by kind and describes the newest few."""
    # ``interactions`` come newest first, which each group keeps (plain Python: a
    # leading actor takes part in thousands of encounters over a few hundred periods).
    groups: dict[tuple, list] = {}
    for row in zip(*(interactions[c].tolist() for c in _MARKER_COLUMNS), strict=True):
        a_id, b_id, period = row[0], row[1], row[2]
        actor_id = a_id if a_id in plotted else b_id
        if actor_id in plotted and not pd.isna(period):
            groups.setdefault((actor_id, period), []).append(row)
    xs, ys, colours, symbols, hover = [], [], [], [], []
    for (actor_id, period), group in sorted(groups.items(), key=lambda item: item[0]):
        kinds = Counter(row[3] for row in group).most_common()  # ties: first seen first
        xs.append(period)
        ys.append(y_at.get((actor_id, period), 0))
        colours.append(actor_colour(actor_id))
        symbols.append(INTERACTION_SYMBOLS.get(kinds[0][0], "circle"))
        lines = []
        if len(group) > 1:
            counted = ", ".join(f"{inert(kind)} ×{n}" for kind, n in kinds)
            lines.append(f"<b>{len(group)} encounters</b> ({counted})")
        for _, _, _, kind, when, place, a_name, b_name, evidence in group[:_MARKER_EVIDENCE]:
            where = f" in {inert(place)}" if isinstance(place, str) and place else ""
            lines.append(
                f"<b>{inert(str(kind).capitalize())}</b> {inert(when or '')}{where}<br>"
                f"{inert(a_name)} – {inert(b_name)}<br>{_wrapped(evidence)}"
            )
        if len(group) > _MARKER_EVIDENCE:
            lines.append(f"… and {len(group) - _MARKER_EVIDENCE} more (table below)")
        hover.append("<br>".join(lines))
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers",
                name="Meetings, calls, visits",
                marker={
                    "symbol": symbols,
                    "size": 16,
                    "color": colours,
                    "line": {"color": "#222", "width": 1.5},
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )


def cooccurrence_figure(
    nodes: pd.DataFrame, edges: pd.DataFrame, selected: Sequence[int] = (), max_edges: int = 40
) -> go.Figure:
    """A network of actors named together, laid out on a circle (most-named at the top).

    ``nodes`` has ``actor_id``, ``name``, ``articles`` (from
    :func:`analysis.queries.top_actors`); ``edges`` has ``source_id``,
    ``target_id``, ``articles`` (from :func:`analysis.queries.cooccurrence_edges`).
    Line width grows with shared articles; ``selected`` actors get a dark ring. Only
    the ``max_edges`` heaviest links are drawn, so that the network stays legible.
    """
    return _network_figure(
        nodes,
        edges,
        selected,
        max_edges,
        "Who appears with whom (shared articles)",
        ("article(s)", "shared article(s)"),
    )


def encounter_pairs(met: pd.DataFrame) -> pd.DataFrame:
    """The pairs of actors in ``met`` (from :func:`analysis.queries.actor_interactions`),
    each pair once whatever its order, most encounters first.

    Columns: ``source_id``, ``target_id`` (``source_id < target_id``),
    ``source_name``, ``target_name``, ``articles`` (encounters of the pair),
    ``kinds`` (their types, most frequent first, comma-separated).
    """
    columns = ["source_id", "target_id", "source_name", "target_name", "articles", "kinds"]
    if met.empty:
        return pd.DataFrame(columns=columns)
    first = met["a_id"] <= met["b_id"]
    pairs = pd.DataFrame(
        {
            "source_id": met["a_id"].where(first, met["b_id"]),
            "target_id": met["b_id"].where(first, met["a_id"]),
            "source_name": met["a_name"].where(first, met["b_name"]),
            "target_name": met["b_name"].where(first, met["a_name"]),
            "type": met["type"],
        }
    )
    pairs["order"] = range(len(pairs))
    by_kind = (
        pairs.groupby(["source_id", "target_id", "type"], sort=False)
        .agg(n=("order", "size"), first=("order", "min"))
        .reset_index()
        .sort_values(["n", "first"], ascending=[False, True], kind="stable")
    )
    kinds = by_kind.groupby(["source_id", "target_id"], sort=False)["type"].agg(", ".join)
    summary = (
        pairs.groupby(["source_id", "target_id"], sort=False)
        .agg(
            source_name=("source_name", "first"),
            target_name=("target_name", "first"),
            articles=("type", "size"),
        )
        .join(kinds.rename("kinds"))
        .reset_index()
    )
    ranked = summary.sort_values(
        ["articles", "source_name", "target_name"], ascending=[False, True, True], kind="stable"
    )
    return ranked[columns].reset_index(drop=True)


def encounter_evidence(met: pd.DataFrame, source_id: int, target_id: int) -> pd.DataFrame:
    """The encounters in ``met`` between actors ``source_id`` and ``target_id``, in
    either role, newest first: ``met``'s columns."""
    between = ((met["a_id"] == source_id) & (met["b_id"] == target_id)) | (
        (met["a_id"] == target_id) & (met["b_id"] == source_id)
    )
    return met[between].reset_index(drop=True)


def encounter_network_figure(
    pairs: pd.DataFrame, selected: Sequence[int] = (), max_edges: int = 40
) -> go.Figure:
    """Who met, called or visited whom: the ``max_edges`` pairs of ``pairs`` (from
    :func:`encounter_pairs`) with most encounters, drawn as a circle of the actors they
    join (sized by all their encounters), a line per pair, wider for more encounters;
    ``selected`` actors get a dark ring. Leading actors meet thousands of others: only
    the drawn pairs' actors stand on the circle, so that it stays legible."""
    ends = pd.concat(
        [
            pairs[["source_id", "source_name", "articles"]].set_axis(
                ["actor_id", "name", "articles"], axis=1
            ),
            pairs[["target_id", "target_name", "articles"]].set_axis(
                ["actor_id", "name", "articles"], axis=1
            ),
        ]
    )
    nodes = (
        ends.groupby(["actor_id", "name"], as_index=False)["articles"].sum()
        if not ends.empty
        else pd.DataFrame(columns=["actor_id", "name", "articles"])
    )
    pairs = pairs.head(max_edges)
    drawn = set(pairs["source_id"]) | set(pairs["target_id"])
    nodes = nodes[nodes["actor_id"].isin(drawn)]
    return _network_figure(
        nodes,
        pairs[["source_id", "target_id", "articles"]],
        selected,
        max_edges,
        "Who met whom (meetings, calls, talks, visits)",
        ("encounter(s)", "encounter(s)"),
    )


def _network_figure(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    selected: Sequence[int],
    max_edges: int,
    title: str,
    units: tuple[str, str],
) -> go.Figure:
    """The circle network of :func:`cooccurrence_figure`; ``units`` name what a node's
    and an edge's ``articles`` count in the hover text."""
    edges = edges.sort_values("articles", ascending=False, kind="stable").head(max_edges)
    ordered = nodes.sort_values(["articles", "name"], ascending=[False, True]).reset_index(
        drop=True
    )
    count = max(len(ordered), 1)
    position = {}
    for index, actor_id in enumerate(ordered["actor_id"]):
        angle = math.pi / 2 - 2 * math.pi * index / count
        position[actor_id] = (math.cos(angle), math.sin(angle))
    fig = go.Figure()
    heaviest = max(edges["articles"].max(), 1) if not edges.empty else 1
    names = dict(zip(ordered["actor_id"], ordered["name"], strict=True))
    for band, (low, high) in enumerate(((0, 0.34), (0.34, 0.67), (0.67, 1.01))):
        xs, ys = [], []
        for edge in edges.itertuples():
            weight = edge.articles / heaviest
            if low < weight <= high and edge.source_id in position and edge.target_id in position:
                (x0, y0), (x1, y1) = position[edge.source_id], position[edge.target_id]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"width": 1 + 3 * band, "color": "rgba(90, 90, 90, 0.35)"},
            )
        )
    middle = [e for e in edges.itertuples() if e.source_id in position and e.target_id in position]
    fig.add_trace(
        go.Scatter(
            x=[(position[e.source_id][0] + position[e.target_id][0]) / 2 for e in middle],
            y=[(position[e.source_id][1] + position[e.target_id][1]) / 2 for e in middle],
            mode="markers",
            marker={"size": 6, "color": "rgba(90, 90, 90, 0.25)"},
            hovertext=[
                f"{inert(names[e.source_id])} – {inert(names[e.target_id])}: "
                f"{e.articles} {units[1]}"
                for e in middle
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    most = max(ordered["articles"].max(), 1) if not ordered.empty else 1
    xs = [position[a][0] for a in ordered["actor_id"]]
    ys = [position[a][1] for a in ordered["actor_id"]]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=[inert(n) for n in ordered["name"]],
            textposition=[_label_side(x, y) for x, y in zip(xs, ys, strict=True)],
            textfont={"size": 13},
            marker={
                "size": [12 + 26 * math.sqrt(a / most) for a in ordered["articles"]],
                "color": [actor_colour(a) for a in ordered["actor_id"]],
                "line": {
                    "color": [
                        "#111" if a in set(selected) else "#fff" for a in ordered["actor_id"]
                    ],
                    "width": 2.5,
                },
            },
            hovertext=[
                f"<b>{inert(n)}</b><br>{a} {units[0]}"
                for n, a in zip(ordered["name"], ordered["articles"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    _layout(fig, title, "", "", height=600)
    fig.update_xaxes(visible=False, range=[-1.9, 1.9])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x", scaleratio=1)
    return _note_if_empty(fig, nodes)


def _label_side(x: float, y: float) -> str:
    if abs(x) < 0.2:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x > 0 else "middle left"


def topic_share_figure(
    share: pd.DataFrame, measure: str = "share", freq: str = "month"
) -> go.Figure:
    """One line per topic over time, from :func:`analysis.queries.topic_share`.

    ``measure`` is ``share`` (of the period's articles) or ``articles``.
    """
    if measure not in {"share", "articles"}:
        raise ValueError(f"unknown measure {measure!r}; choose share or articles")
    filled = _complete(share, "topic_id", freq, ["articles", "share"])
    fig = go.Figure()
    for index, (_, group) in enumerate(filled.groupby("topic_id", sort=False)):
        label = share.loc[share["topic_id"] == group["topic_id"].iloc[0], "label"].iloc[0]
        fig.add_trace(
            go.Scatter(
                x=group["period"].tolist(),
                y=group[measure].tolist(),
                mode="lines+markers",
                name=inert(label),
                line={"color": TOPIC_PALETTE[index % len(TOPIC_PALETTE)], "width": 2.5},
                customdata=group[["articles", "share"]].to_numpy().tolist(),
                hovertemplate=f"<b>{inert(label)}</b> · %{{x|{_TICK_FORMATS[freq]}}}<br>"
                "%{customdata[0]:.0f} article(s), %{customdata[1]:.0%} of the period<extra></extra>",
            )
        )
    y_title = (
        "Share of the period's articles" if measure == "share" else "Articles carrying the topic"
    )
    _layout(fig, "Topics over time", PERIOD_TITLES[freq], y_title, height=460)
    fig.update_xaxes(tickformat=_TICK_FORMATS[freq])
    fig.update_yaxes(rangemode="tozero", tickformat=".0%" if measure == "share" else None)
    return _note_if_empty(fig, share)


def _heatmap(frame: pd.DataFrame, column: str, title: str, x_title: str) -> go.Figure:
    table = frame.pivot_table(index="label", columns=column, values="articles", aggfunc="sum")
    table = table.fillna(0).astype(int)
    text = [[str(v) if v else "" for v in row] for row in table.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy().tolist(),
            x=[inert(c) for c in table.columns],
            y=[inert(i) for i in table.index],
            text=text,
            texttemplate="%{text}",
            colorscale="Blues",
            colorbar={"title": {"text": "Articles"}},
            hovertemplate="%{y} × %{x}: %{z} article(s)<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    _layout(fig, title, x_title, "Topic", height=max(340, 200 + 40 * len(table.index)))
    labels = [inert(c) for c in table.columns]
    fig.update_xaxes(tickangle=-30, tickmode="array", tickvals=labels, ticktext=labels)
    return _note_if_empty(fig, frame)


def topic_actor_figure(matrix: pd.DataFrame) -> go.Figure:
    """Topics × actors heatmap of shared articles, from :func:`analysis.queries.topic_actor_matrix`."""
    return _heatmap(matrix, "name", "Topics × actors (articles with both)", "Actor")


def topic_source_figure(matrix: pd.DataFrame) -> go.Figure:
    """Topics × sources heatmap, from :func:`analysis.queries.topic_source_matrix`."""
    return _heatmap(matrix, "source", "Topics × sources (articles)", "Source")
