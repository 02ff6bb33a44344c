// What the page remembers about itself across a hidden webview (VS Code drops a hidden webview's
// page unless retainContextWhenHidden, which costs memory: issue 15 asks for state restore
// instead) and across a window reload (the panel serializer hands the same state back): the view
// shown, the log's filters and the scroll position. Saved state is read back validated.
import * as v from 'valibot';
import { VIEWS } from './tabs';

const ViewStateSchema = v.object({
  view: v.optional(v.picklist(VIEWS), 'overview'),
  filters: v.optional(
    v.object({
      client: v.optional(v.pipe(v.string(), v.maxLength(100))),
      model: v.optional(v.pipe(v.string(), v.maxLength(200))),
      status: v.optional(v.pipe(v.string(), v.maxLength(20))),
    }),
    {},
  ),
  scrollY: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0)), 0),
});

export type ViewState = v.InferOutput<typeof ViewStateSchema>;

export function parseViewState(x: unknown): ViewState {
  const r = v.safeParse(ViewStateSchema, x);
  return r.success ? r.output : { view: 'overview', filters: {}, scrollY: 0 };
}
