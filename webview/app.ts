// The timeline controller: owns the view (which steps are visible), reacts to host events, asks
// the loaders for buckets, turns interaction into seeks and schedules painting once per frame.
// Drawing lives in render/, input in interaction/, widgets in ui/; this file only wires them.
import { HostClient, type HostEvent, type VsCodeApi } from './host';
import type { TimelineControls, ScrubPhase } from './interaction/controls';
import { attachDetailPointer } from './interaction/detailPointer';
import { rememberFocus } from './interaction/focusMemory';
import { reportFocus } from './interaction/focusReport';
import { handleTimelineKey } from './interaction/keyboard';
import { attachOverviewPointer } from './interaction/overviewPointer';
import { SeekThrottle } from './interaction/seekThrottle';
import { centreOn, clampView, wholeRun, type BucketRequest, type Viewport } from './layout';
import { detailRequestFor, overviewRequestFor, RangeLoader } from './loader';
import { TimelineModel, type LoadedRange } from './model';
import { prepareCanvas } from './render/canvasSize';
import { paintDetail, type DetailGeometry } from './render/detail';
import { paintOverview } from './render/overview';
import { readPalette, showMarkerColors, type Palette } from './render/palette';
import { ConsoleList } from './ui/consoleList';
import { placeCursors, positionText } from './ui/cursors';
import { hoverLines } from './ui/hoverInfo';
import { RequestSpans } from './ui/requestSpans';
import { SearchBox } from './ui/search';
import type { Skeleton } from './ui/skeleton';
import { Tooltip } from './ui/tooltip';
import { parseViewState, serializeViewState, type ViewState } from './viewState';

/** A position event newer than this makes a probe after `stopped` unnecessary. */
const POSITION_FRESH_MS = 300;
/** How long positions from superseded seeks are ignored after a release or jump (no flicker back). */
const AWAIT_SEEK_MS = 1_000;

export class TimelineApp implements TimelineControls {
  private readonly model = new TimelineModel();
  private readonly host: HostClient;
  private readonly detailLoader: RangeLoader;
  private readonly overviewLoader: RangeLoader;
  private readonly seeks: SeekThrottle;
  private readonly search: SearchBox;
  private readonly consoleList: ConsoleList;
  private readonly requestSpans: RequestSpans;
  private readonly tooltip = new Tooltip();
  /** Takes the keyboard focus back into this document (focusMemory.ts), when the host says it should have it. */
  private readonly refocus: () => void;
  private palette: Palette = readPalette();
  private viewport: Viewport = { startStep: 0, endStep: 1 };
  private viewKnown = false;
  private dragStep: number | undefined;
  private seeksSent = 0;
  private awaitedSeek: { step: number; untilMs: number } | undefined;
  private detailAsked: BucketRequest | undefined;
  private detailWidthPx = 0;
  private geometry: DetailGeometry | undefined;
  private searchSteps: readonly number[] = [];
  private lastPositionAtMs = Number.NEGATIVE_INFINITY;
  /** A probe is in flight: a live recording's ticks do not stack probes behind a slow adapter. */
  private probing = false;
  /**
   * Positions learnt since the page began (position events and the panel's own moves): a probe's
   * answer is older news than any of them that came after it was asked (an adapter may answer it
   * from before a seek it was still running), so it then updates the run's length, not the cursor.
   */
  private positionsLearnt = 0;
  private frame: number | undefined;
  private dirtyCharts = true;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly restored: ViewState | undefined;
  private saved: Omit<ViewState, 'viewStartStep' | 'viewEndStep' | 'totalSteps' | 'sessionId'>;

  constructor(
    private readonly dom: Skeleton,
    private readonly api: VsCodeApi,
  ) {
    this.restored = parseViewState(api.getState());
    this.saved = {
      searchQuery: this.restored?.searchQuery ?? '',
      consoleScrollTopPx: this.restored?.consoleScrollTopPx ?? 0,
    };
    this.host = new HostClient(api, (event) => this.onHostEvent(event));
    this.detailLoader = new RangeLoader(
      this.host,
      (range) => this.onLoaded(range, 'detail'),
      (error) => this.showError(error),
    );
    this.overviewLoader = new RangeLoader(
      this.host,
      (range) => this.onLoaded(range, 'overview'),
      (error) => this.showError(error),
    );
    this.seeks = new SeekThrottle((step) => {
      // How many seeks went out, as an attribute: the code-server journey checks a click sent none.
      this.dom.timeline.dataset.seeksSent = String(++this.seeksSent);
      return this.host.request('rewind/seek', { step });
    });
    this.search = new SearchBox(this.host, {
      jump: (step) => this.jumpTo(step),
      resultsChanged: (steps) => {
        this.searchSteps = steps;
        this.invalidate();
      },
      queryChanged: (query) => {
        this.saved.searchQuery = query;
        this.saveState();
      },
    });
    this.consoleList = new ConsoleList(
      this.host,
      (step) => this.jumpTo(step),
      (scrollTopPx) => {
        this.saved.consoleScrollTopPx = scrollTopPx;
        this.saveState();
      },
    );
    dom.toolbar.prepend(this.search.element);
    // HTTP requests as spans under the timeline (ui/requestSpans.ts); hidden until a recording has one.
    this.requestSpans = new RequestSpans(
      this.host,
      (step) => this.jumpTo(step),
      () => this.invalidate(),
    );
    dom.timeline.after(this.requestSpans.element);
    dom.root.append(this.consoleList.element, this.tooltip.element);
    attachDetailPointer(dom.timeline, dom.canvas, this);
    attachOverviewPointer(dom.overview, dom.overviewCanvas, this);
    this.refocus = rememberFocus(document, window);
    dom.timeline.addEventListener('keydown', (event) => {
      if (handleTimelineKey(event, this, dom.canvas.clientWidth)) event.preventDefault();
    });
    new ResizeObserver(() => this.onResize()).observe(dom.timeline);
    new MutationObserver(() => {
      this.palette = readPalette();
      showMarkerColors(this.palette);
      this.invalidate();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    showMarkerColors(this.palette);
    this.setActive(false);
  }

  start(): void {
    this.host.post({ type: 'ready' });
    reportFocus(document, window, (focused) => this.host.post({ type: 'focusChanged', focused }));
  }

  // ── TimelineControls ──
  totalSteps(): number {
    return this.model.totalSteps;
  }
  view(): Viewport {
    return this.viewport;
  }
  cursorStep(): number {
    return this.dragStep ?? this.model.currentStep;
  }

  setView(view: Viewport): void {
    this.viewport = clampView(view, this.model.totalSteps);
    this.requestDetail();
    this.saveState();
    this.invalidate();
  }

  scrub(step: number, phase: ScrubPhase): void {
    if (phase === 'move') {
      this.dragStep = step;
      this.seeks.update(step);
    } else {
      this.dragStep = undefined;
      this.expectPosition(step);
      this.seeks.release(step);
      this.dom.position.textContent = positionText(this.model, step);
    }
    this.scheduleFrame();
  }

  jumpTo(step: number): void {
    this.expectPosition(step);
    if (step < this.viewport.startStep || step >= this.viewport.endStep)
      this.setView(centreOn(this.viewport, step, this.model.totalSteps));
    this.seeks.reset();
    this.seeks.release(step);
    this.dom.position.textContent = positionText(this.model, step);
    this.scheduleFrame();
  }

  /** Shows `step` at once and keeps it while positions of earlier seeks arrive; the adapter confirms it. */
  private expectPosition(step: number): void {
    this.positionsLearnt++;
    this.model.currentStep = step;
    this.awaitedSeek = { step, untilMs: performance.now() + AWAIT_SEEK_MS };
  }

  hover(clientX: number, clientY: number, xPx: number, yPx: number): void {
    if (this.geometry === undefined) return;
    this.tooltip.show(hoverLines(this.model, this.geometry, this.viewport, xPx, yPx), clientX, clientY);
  }

  unhover(): void {
    this.tooltip.hide();
  }

  // ── host events ──
  private onHostEvent(event: HostEvent): void {
    if (event.type === 'focus') return this.refocus();
    if (event.type === 'key') {
      // A key of ours that reached the editor while VS Code showed our move's stop: it was meant for here.
      const key = { key: event.key, shiftKey: event.shiftKey, ctrlKey: false, metaKey: false, altKey: false };
      handleTimelineKey(key, this, this.dom.canvas.clientWidth);
      return this.refocus();
    }
    if (event.type === 'event') {
      this.positionsLearnt++;
      return this.onPosition(event.body.step, event.body.totalSteps);
    }
    if (event.state === 'none') return this.deactivate();
    if (!this.dom.placeholder.hidden || event.sessionId !== this.model.sessionId) this.activate(event.sessionId);
    else if (event.state === 'stopped') {
      this.consoleList.retryIfEmpty();
      this.requestSpans.load();
      if (performance.now() - this.lastPositionAtMs > POSITION_FRESH_MS) this.probe();
    } else if (!this.probing) {
      // 'active' again for the shown session: the program is being recorded and the run grew (issue 15 §5).
      this.probe();
    }
  }

  private activate(sessionId: string | undefined): void {
    // A webview recreated for the session it showed before (hidden, then shown) gets its view back.
    const restored = this.restored !== undefined && this.restored.sessionId === sessionId ? this.restored : undefined;
    this.resetData(sessionId);
    if (restored !== undefined) this.viewport = { startStep: restored.viewStartStep, endStep: restored.viewEndStep };
    this.viewKnown = restored !== undefined;
    this.setActive(true);
    this.probe();
    this.consoleList.reset(restored !== undefined ? this.saved.consoleScrollTopPx : 0);
    this.search.restore(this.saved.searchQuery);
    this.requestSpans.load();
  }

  private deactivate(): void {
    this.resetData(undefined);
    this.setActive(false);
  }

  private resetData(sessionId: string | undefined): void {
    this.host.cancelAll('the debug session changed');
    this.detailLoader.reset();
    this.overviewLoader.reset();
    this.model.reset(sessionId);
    this.detailAsked = undefined;
    this.dragStep = undefined;
    this.awaitedSeek = undefined;
    this.seeks.reset();
  }

  private setActive(active: boolean): void {
    this.dom.placeholder.hidden = active;
    for (const element of [this.dom.overview, this.dom.timeline, this.consoleList.element, this.search.element])
      element.hidden = !active;
    if (!active) this.dom.position.textContent = '';
    this.invalidate();
  }

  /** Learns the run length and position with the smallest valid timeline request. */
  private probe(): void {
    this.probing = true;
    const learntBefore = this.positionsLearnt;
    this.host.request('rewind/timeline', { startStep: 0, endStep: 1, bucketCount: 1 }).then(
      (body) => {
        this.probing = false;
        this.onPosition(this.positionsLearnt === learntBefore ? body.currentStep : undefined, body.totalSteps);
      },
      (error: Error) => {
        this.probing = false;
        this.showError(error);
      },
    );
  }

  /** `step` undefined: the run's length only (a probe answered after newer positions arrived). */
  private onPosition(step: number | undefined, totalSteps: number): void {
    this.lastPositionAtMs = performance.now();
    const totalChanged = totalSteps !== this.model.totalSteps;
    // A view that showed the whole run keeps showing it as the run grows (a live recording ends
    // much longer than it began; the view stayed on its first ~17 steps, issue 15 §5).
    const showedWholeRun = this.viewport.startStep === 0 && this.viewport.endStep >= this.model.totalSteps;
    this.model.totalSteps = totalSteps;
    const awaited = this.awaitedSeek;
    const superseded =
      step === undefined || (awaited !== undefined && awaited.step !== step && performance.now() < awaited.untilMs);
    if (!superseded) {
      this.awaitedSeek = undefined;
      this.model.currentStep = Math.min(step, Math.max(0, totalSteps - 1));
    }
    if (totalChanged) {
      this.consoleList.retryIfEmpty();
      this.viewport = this.viewKnown && !showedWholeRun ? clampView(this.viewport, totalSteps) : wholeRun(totalSteps);
      this.viewKnown = true;
      this.model.detail = undefined;
      this.detailAsked = undefined;
      if (totalSteps > 0) this.overviewLoader.want(overviewRequestFor(totalSteps, this.dom.overviewCanvas.clientWidth));
    }
    let viewMoved = totalChanged;
    if (this.dragStep === undefined && !superseded) {
      this.seeks.settled(this.model.currentStep);
      if (step < this.viewport.startStep || step >= this.viewport.endStep) {
        this.viewport = centreOn(this.viewport, step, totalSteps);
        viewMoved = true;
      }
      this.dom.position.textContent = positionText(this.model, this.model.currentStep);
    }
    // A position inside the view only moves the cursors: no chart repaint (this is the scrubbing path).
    if (!viewMoved) return this.scheduleFrame();
    this.requestDetail();
    this.invalidate();
  }

  private onLoaded(range: LoadedRange, which: 'detail' | 'overview'): void {
    if (range.body.totalSteps < this.model.totalSteps)
      return this.onPosition(range.body.currentStep, range.body.totalSteps);
    // A run being recorded grows between the request and the answer: what it asked for is still
    // true (steps keep their meaning), so it is drawn, then the longer run is asked for. Dropping
    // it instead left the chart empty for as long as the program ran (issue 15 §5).
    // The run's new length goes through onPosition first: it is what extends a whole-run view.
    if (range.body.totalSteps > this.model.totalSteps) this.onPosition(range.body.currentStep, range.body.totalSteps);
    this.model.absorb(range.body);
    this.model[which] = range;
    this.invalidate();
  }

  private requestDetail(): void {
    const request = detailRequestFor(this.model, this.viewport, this.dom.canvas.clientWidth, this.detailAsked);
    if (request === undefined) return;
    this.detailAsked = request;
    this.detailLoader.want(request);
  }

  private onResize(): void {
    const overview = this.model.overview?.request;
    const width = this.dom.overviewCanvas.clientWidth;
    if (overview !== undefined && Math.abs(overview.bucketCount - width) > width * 0.2)
      this.overviewLoader.want(overviewRequestFor(this.model.totalSteps, width));
    // ResizeObserver also fires once when observing starts; only a real width change needs new buckets.
    if (this.dom.canvas.clientWidth !== this.detailWidthPx) {
      this.detailWidthPx = this.dom.canvas.clientWidth;
      this.detailAsked = undefined;
      this.requestDetail();
    }
    this.invalidate();
  }

  private showError(error: Error): void {
    this.dom.position.textContent = error.message.replace(/^\[rewind:timeline\] /, 'Timeline: ');
  }

  // ── painting and state ──
  private invalidate(): void {
    this.dirtyCharts = true;
    this.scheduleFrame();
  }

  private scheduleFrame(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.paint();
    });
  }

  private paint(): void {
    if (this.dom.placeholder.hidden && this.dirtyCharts) {
      const overview = prepareCanvas(this.dom.overviewCanvas);
      paintOverview(overview.ctx, overview.box, this.model, this.viewport, this.palette);
      const detail = prepareCanvas(this.dom.canvas);
      this.geometry = paintDetail(detail.ctx, detail.box, this.model, this.viewport, this.palette, {
        searchSteps: this.searchSteps,
      });
      // The visible range as attributes: for tests and the code-server journey, cheaper than reading pixels.
      this.dom.timeline.dataset.viewStart = String(Math.floor(this.viewport.startStep));
      this.dom.timeline.dataset.viewEnd = String(Math.ceil(this.viewport.endStep));
      this.requestSpans.place(this.viewport, this.dom.canvas.clientWidth);
    }
    this.dirtyCharts = false;
    placeCursors(this.dom, this.model, this.viewport, this.cursorStep());
    if (this.dragStep !== undefined) this.dom.position.textContent = positionText(this.model, this.dragStep);
    // While dragging the text changes every frame; aria-busy holds screen-reader announcements until release.
    this.dom.position.setAttribute('aria-busy', String(this.dragStep !== undefined));
  }

  private saveState(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(
      () =>
        this.api.setState(
          serializeViewState({
            sessionId: this.model.sessionId,
            viewStartStep: this.viewport.startStep,
            viewEndStep: this.viewport.endStep,
            totalSteps: this.model.totalSteps,
            ...this.saved,
          }),
        ),
      150,
    );
  }
}
