import { useEffect, useMemo } from 'react';
import { createTheme, darken, lighten, rgba, type MantineColorsTuple } from '@mantine/core';

const fallback = '#1f6feb';
const valid = (hex: string) => (/^#[0-9a-fA-F]{6}$/.test(hex) ? hex : fallback);

/** Ten shades around the portal's colour, the brand colour itself at Mantine's primary shade (6). */
export function brandShades(hex: string): MantineColorsTuple {
  const c = valid(hex);
  return [
    lighten(c, 0.92),
    lighten(c, 0.8),
    lighten(c, 0.6),
    lighten(c, 0.4),
    lighten(c, 0.2),
    lighten(c, 0.1),
    c,
    darken(c, 0.12),
    darken(c, 0.24),
    darken(c, 0.36),
  ] as unknown as MantineColorsTuple;
}

/** Relative luminance (WCAG) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const c = valid(hex);
  const channel = (i: number) => {
    const v = parseInt(c.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The CSS variables Mantine reads for a colour named `brand`, and the primary-colour aliases. */
function brandVariables(hex: string): Record<string, string> {
  const shades = brandShades(hex);
  const light = luminance(valid(hex)) > 0.45;
  // Text in the brand colour on white must stay readable: a pale brand colour is darkened for text.
  const text = light ? shades[9] : shades[6];
  const vars: Record<string, string> = {
    '--mantine-color-brand-filled': shades[6],
    '--mantine-color-brand-filled-hover': shades[7],
    '--mantine-color-brand-light': rgba(shades[6], 0.1),
    '--mantine-color-brand-light-hover': rgba(shades[6], 0.16),
    '--mantine-color-brand-light-color': text,
    '--mantine-color-brand-outline': text,
    '--mantine-color-brand-outline-hover': rgba(shades[6], 0.05),
    '--mantine-color-brand-text': text,
    '--mantine-color-brand-contrast': light ? '#000' : '#fff',
    '--mantine-primary-color-filled': shades[6],
    '--mantine-primary-color-filled-hover': shades[7],
    '--mantine-primary-color-light': rgba(shades[6], 0.1),
    '--mantine-primary-color-light-hover': rgba(shades[6], 0.16),
    '--mantine-primary-color-light-color': text,
    '--mantine-primary-color-contrast': light ? '#000' : '#fff',
    '--mantine-color-anchor': text,
  };
  shades.forEach((s, i) => {
    vars[`--mantine-color-brand-${i}`] = s;
    vars[`--mantine-primary-color-${i}`] = s;
  });
  return vars;
}

/** The Mantine theme of a portal's subtree: its colour as the primary colour, readable text on it. */
export function usePortalTheme(hex: string) {
  return useMemo(
    () =>
      createTheme({
        primaryColor: 'brand',
        colors: { brand: brandShades(hex) },
        autoContrast: true,
        luminanceThreshold: 0.45,
      }),
    [hex],
  );
}

/**
 * Puts the brand colour's CSS variables on the document while the portal is shown (dialogs and
 * notifications render outside the portal's subtree, so a wrapper element would not reach them).
 */
export function useBrandVariables(hex: string) {
  useEffect(() => {
    const root = document.documentElement;
    const vars = brandVariables(hex);
    for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
    return () => {
      for (const k of Object.keys(vars)) root.style.removeProperty(k);
    };
  }, [hex]);
}
