import type { ItemSpec } from '../../../shared/jobs';

/** A one-line description of an item's print specification, as a press operator reads it. */
export function describeSpec(spec: ItemSpec): string {
  const parts: string[] = [];
  if (spec.finishedSize)
    parts.push(`${spec.finishedSize.width} × ${spec.finishedSize.height} ${spec.finishedSize.unit} finished`);
  if (spec.inks)
    parts.push(
      `${spec.inks.front}/${spec.inks.back}${spec.inks.spots.length ? ` + ${spec.inks.spots.join(', ')}` : ''}`,
    );
  if (spec.stock)
    parts.push(
      [spec.stock.weight, spec.stock.finish, spec.stock.colour, spec.stock.name].filter(Boolean).join(' '),
    );
  const f = spec.finishing;
  if (f) {
    const flags = (['score', 'perforate', 'drill', 'dieCut', 'pad', 'number'] as const).filter((k) => f[k]);
    parts.push([f.fold, f.binding, f.laminate, ...flags].filter(Boolean).join(', '));
  }
  if (spec.mailing)
    parts.push(
      `mail ${spec.mailing.mailClass.replace('_', ' ')}${spec.mailing.dropDate ? ` drop ${spec.mailing.dropDate}` : ''}`,
    );
  return parts.filter(Boolean).join(' · ');
}
