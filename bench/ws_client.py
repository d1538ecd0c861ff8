"""A Streamlit session without a browser: Streamlit's own websocket protocol, as the frontend speaks it.

It opens `/_stcore/stream`, asks for a page with a `rerun_script` BackMsg (a ClientState carrying the page,
the query string and the widget states), and reads ForwardMsgs until the run's `script_finished`. From the
deltas of the runs it knows the page's widgets (a fragment run replaces only its own), so it can change a
selectbox by its label and click a county on a map (the plotly_chart selection the frontend would send), as a
person's actions would.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

SETTLE = 0.3  # seconds without a new run after script_finished: the interaction is over


class ProtocolError(RuntimeError):
    """The server answered, but not as a healthy run does (an exception shown, a failed run, no answer)."""


@dataclass
class Widgets:
    """What the page shows, by place (delta path): selectboxes by label (id, options), the selectable maps (id,
    counties), texts. A full run draws the page anew; a fragment run (a county click reruns only the page's
    county sections) redraws its own places and leaves the rest."""
    selectboxes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    _maps: dict[tuple[int, ...], tuple[str, list[str]]] = field(default_factory=dict)
    _texts: dict[tuple[int, ...], str] = field(default_factory=dict)
    _ids: dict[tuple[int, ...], str] = field(default_factory=dict)  # every widget shown

    @property
    def maps(self) -> list[tuple[str, list[str]]]:
        return [self._maps[place] for place in sorted(self._maps)]

    @property
    def ids(self) -> set[str]:
        return set(self._ids.values())

    @property
    def texts(self) -> list[str]:
        return [self._texts[place] for place in sorted(self._texts)]

    def read(self, delta, place: tuple[int, ...]) -> None:
        element = delta.new_element
        kind = element.WhichOneof("type")
        for shown in (self._maps, self._texts, self._ids):
            shown.pop(place, None)
        if widget_id := getattr(getattr(element, kind), "id", ""):
            self._ids[place] = widget_id
        if kind == "markdown":
            self._texts[place] = element.markdown.body
        elif kind == "selectbox":
            self.selectboxes[element.selectbox.label] = (element.selectbox.id, list(element.selectbox.options))
        elif kind == "plotly_chart" and element.plotly_chart.id:
            counties = [str(loc) for trace in json.loads(element.plotly_chart.spec).get("data", [])
                        if trace.get("type") == "choropleth" for loc in trace.get("locations") or []]
            if counties:
                self._maps[place] = (element.plotly_chart.id, counties)


class Session:
    """One user's session on one server."""

    def __init__(self, url: str, timeout: float = 60):
        self.timeout = timeout  # seconds an action may take before it counts as unanswered
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.origin = url
        self.pages: dict[str, str] = {}  # url path → page script hash, from the navigation message
        self.page = ""
        self.states: dict[str, WidgetState] = {}  # what the frontend keeps sending: every widget it has set
        self.widgets = Widgets()
        self.runs = 0
        self._full_run = False  # a full run started and has drawn nothing yet
        self.drawn = 0  # elements the last run drew (sent)
        self._ws = None

    async def __aenter__(self) -> Session:
        self._ws = await connect(self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=None,
                                 open_timeout=60, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def open(self, page: str = "") -> float:
        """Navigate to a page by its url path ("" is the default page); seconds until its run finished."""
        self.page = page
        return await self._rerun()

    async def choose(self, label: str, option: str) -> float:
        widget_id, options = self.widgets.selectboxes[label]
        if option not in options:
            raise ProtocolError(f"{label}: no option {option}")
        self.states[widget_id] = WidgetState(id=widget_id, string_value=option)
        return await self._rerun()

    async def click_county(self, adcode: str | None = None, rng=None) -> float:
        """A click on a county of the page's first selectable map, as Plotly's selection reaches Streamlit."""
        if not self.widgets.maps:
            raise ProtocolError(f"/{self.page}: no selectable map")
        widget_id, counties = self.widgets.maps[0]
        adcode = adcode or (rng.choice(counties) if rng else counties[0])
        index = counties.index(adcode)
        point = {"curve_number": 0, "point_number": index, "point_index": index, "location": adcode}
        selection = {"selection": {"points": [point], "point_indices": [index], "box": [], "lasso": []}}
        self.states[widget_id] = WidgetState(id=widget_id, string_value=json.dumps(selection))
        return await self._rerun()

    async def _rerun(self) -> float:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_name = self.page
        state.page_script_hash = self.pages.get(self.page, "")
        state.widget_states.widgets.extend(self.states.values())
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        return await self._until_settled() - started

    async def _until_settled(self) -> float:
        """Read until a run finished and SETTLE s passed without another starting; the finish time."""
        finished_at, deadline = None, time.monotonic() + self.timeout
        while True:
            wait = SETTLE if finished_at else deadline - time.monotonic()
            if wait <= 0:
                raise ProtocolError("no script_finished in time")
            try:
                frame = await asyncio.wait_for(self._ws.recv(), wait)
            except TimeoutError:
                if finished_at:
                    return finished_at
                raise ProtocolError("no script_finished in time") from None
            finished_at = self._read(ForwardMsg.FromString(frame), finished_at)

    def _read(self, msg: ForwardMsg, finished_at: float | None) -> float | None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "new_session":  # a run starts: a full run draws the page anew, a fragment run its own part
            self._full_run, self.drawn = not msg.metadata.run.fragment_ids, 0
        elif kind == "session_status_changed" and msg.session_status_changed.script_is_running:
            return None
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            if msg.delta.new_element.WhichOneof("type") == "exception":
                raise ProtocolError(f"/{self.page}: {msg.delta.new_element.exception.message[:300]}")
            if self._full_run:  # at its first element: a run a callback's rerun ended at once drew nothing
                self.widgets, self._full_run = Widgets(), False
            self.drawn += 1
            self.widgets.read(msg.delta, tuple(msg.metadata.delta_path))
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
                raise ProtocolError(f"/{self.page}: run ended with status {msg.script_finished}")
            # Not the runs a callback's rerun ended before the script began (a county click's first).
            if msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                self.runs += 1
                # As the frontend does, forget the widgets no longer shown: sent back, a map's old selection (its id
                # changes with its outline) ran its callback again and re-selected its county on another page.
                self.states = {i: state for i, state in self.states.items() if i in self.widgets.ids}
            return time.perf_counter()
        return finished_at
