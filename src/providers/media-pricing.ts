import { parsePricing, type Pricing } from '../accounting/pricing.js';
import type { CatalogModel } from '../catalog/catalog-model.js';

/** A media model's prices: its prompt tokens (where billed) and its unit at the default variant, or at `unitPrice`. */
export function mediaPricing(model: CatalogModel, unitPrice?: string): Pricing {
  const media = model.switchboard.media!;
  const price = Number(unitPrice ?? media.unit_price);
  if (!Number.isFinite(price) || price < 0) throw new Error(`media model ${model.id}: invalid unit price ${unitPrice ?? media.unit_price}`);
  return { ...parsePricing(model.pricing), unit: { unit: media.unit, price } };
}

/** The endpoint's prices at the variant a request asks for (an image's quality); the default variant's for any other. */
export function variantPricing(pricing: Pricing, model: CatalogModel, variant: string | undefined): Pricing {
  const price = variant === undefined ? undefined : model.switchboard.media?.variants?.[variant];
  if (price === undefined || !pricing.unit) return pricing;
  // An endpoint priced apart from the catalog keeps its own ratio to the catalog's default price.
  const ratio = pricing.unit.price / Number(model.switchboard.media!.unit_price);
  return { ...pricing, unit: { unit: pricing.unit.unit, price: Number(price) * (Number.isFinite(ratio) ? ratio : 1) } };
}
