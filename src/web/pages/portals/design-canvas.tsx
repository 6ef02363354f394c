import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Box, Center, Loader, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { Placement } from '../../../shared/vdp';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

type Size = { width: number; height: number };

/** Renders one page of the design PDF in the browser (pdf.js): nothing to install on the server. */
function usePageImage(bytes: ArrayBuffer | null, pageIndex: number, scale: number) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    if (!bytes || !canvas.current || scale <= 0) return;
    let cancelled = false;
    setState('loading');
    // pdf.js hands the buffer to its worker: give it a copy, the next render needs the bytes again.
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes.slice(0)), isEvalSupported: false });
    void (async () => {
      try {
        const doc = await task.promise;
        const page = await doc.getPage(pageIndex + 1);
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: scale * ratio });
        const el = canvas.current;
        if (cancelled || !el) return;
        el.width = Math.round(viewport.width);
        el.height = Math.round(viewport.height);
        await page.render({ canvas: el, viewport }).promise;
        if (!cancelled) setState('ready');
      } catch {
        if (!cancelled) setState('failed');
      }
    })();
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [bytes, pageIndex, scale]);
  return { canvas, state };
}

export type PlacedBox = { index: number; placement: Placement; label: string };

/**
 * The design with the fields as boxes: drag a box, or click the design to move the selected box there; a
 * focused box moves with the arrow keys (1 pt, 10 pt with Shift). Positions are in the design's points.
 */
export function DesignCanvas({
  bytes,
  page,
  pageIndex,
  boxes,
  selected,
  onSelect,
  onMove,
}: {
  bytes: ArrayBuffer | null;
  page: Size;
  pageIndex: number;
  boxes: PlacedBox[];
  selected: number | null;
  onSelect: (index: number) => void;
  onMove: (index: number, x: number, y: number) => void;
}) {
  const { ref, width } = useElementSize();
  const scale = width > 0 ? Math.min(3, width / page.width) : 0;
  const { canvas, state } = usePageImage(bytes, pageIndex, scale);
  const drag = useRef<{ index: number; startX: number; startY: number; x: number; y: number } | null>(null);
  const clamp = (v: number, max: number) => Math.round(Math.max(0, Math.min(max, v)) * 10) / 10;
  const moveTo = (b: PlacedBox, x: number, y: number) =>
    onMove(b.index, clamp(x, page.width - b.placement.width), clamp(y, page.height - b.placement.size));

  const onDesignClick = (e: PointerEvent<HTMLDivElement>) => {
    const box = boxes.find((b) => b.index === selected);
    if (!box || e.target !== e.currentTarget) return;
    const rect = e.currentTarget.getBoundingClientRect();
    moveTo(box, (e.clientX - rect.left) / scale, (e.clientY - rect.top) / scale);
  };
  const onKey = (b: PlacedBox) => (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 1;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[
      e.key
    ];
    if (!d) return;
    e.preventDefault();
    moveTo(b, b.placement.x + d[0]!, b.placement.y + d[1]!);
  };

  return (
    <Box ref={ref} w="100%" maw={900}>
      <Box
        pos="relative"
        w={page.width * scale}
        h={page.height * scale}
        style={{ border: '1px solid var(--mantine-color-gray-4)', background: '#fff', touchAction: 'none' }}
      >
        <canvas
          ref={canvas}
          aria-label={`Design, page ${pageIndex + 1}`}
          style={{ width: '100%', height: '100%', display: 'block' }}
        />
        {state !== 'ready' && (
          <Center pos="absolute" inset={0}>
            {state === 'failed' ? <Text c="red">The design cannot be shown</Text> : <Loader size="sm" />}
          </Center>
        )}
        <Box
          pos="absolute"
          inset={0}
          data-testid="design-surface"
          onPointerDown={onDesignClick}
          style={{ cursor: selected !== null ? 'crosshair' : 'default' }}
        >
          {boxes.map((b) => {
            const lines = b.placement.fit === 'wrap' ? b.placement.maxLines : 1;
            return (
              <Box
                key={b.index}
                role="button"
                tabIndex={0}
                aria-label={`${b.label} box at ${b.placement.x}, ${b.placement.y} pt`}
                aria-pressed={selected === b.index}
                onFocus={() => onSelect(b.index)}
                onKeyDown={onKey(b)}
                onPointerDown={(e) => {
                  e.stopPropagation();
                  onSelect(b.index);
                  e.currentTarget.setPointerCapture(e.pointerId);
                  drag.current = {
                    index: b.index,
                    startX: e.clientX,
                    startY: e.clientY,
                    x: b.placement.x,
                    y: b.placement.y,
                  };
                }}
                onPointerMove={(e) => {
                  const d = drag.current;
                  if (!d || d.index !== b.index) return;
                  moveTo(b, d.x + (e.clientX - d.startX) / scale, d.y + (e.clientY - d.startY) / scale);
                }}
                onPointerUp={() => (drag.current = null)}
                pos="absolute"
                left={b.placement.x * scale}
                top={b.placement.y * scale}
                w={b.placement.width * scale}
                h={Math.max(8, b.placement.size * 1.2 * lines * scale)}
                style={{
                  border: `1px ${selected === b.index ? 'solid' : 'dashed'} var(--mantine-color-blue-6)`,
                  background: selected === b.index ? 'rgba(34,139,230,0.18)' : 'rgba(34,139,230,0.06)',
                  cursor: 'move',
                  fontSize: 11,
                  overflow: 'hidden',
                  textAlign: b.placement.align,
                  color: 'var(--mantine-color-blue-9)',
                }}
              >
                {b.label}
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
