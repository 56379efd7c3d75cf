import { z } from 'zod';
import { pageQuery, pageSchema } from '../../platform/pagination.ts';
import { trimmed, version } from '../../platform/schemas.ts';

export const product = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    series: z.string().nullable().describe('Product line or family'),
    listPrice: z.number().nullable().describe('In the organisation’s currency'),
    openDeals: z.number().describe('Open deals for this product'),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
    can: z.object({ manage: z.boolean() }).describe('Whether you may change the catalogue'),
  })
  .meta({ id: 'Product' });

export const productsQuery = z.object({
  search: z.string().trim().max(100).optional().describe('Matches the name or the series'),
  ...pageQuery,
});

export const productsPage = pageSchema(product).meta({ id: 'ProductsPage' });

const productFields = {
  externalId: z.string().trim().max(100).nullish(),
  series: z.string().trim().max(100).nullish(),
  listPrice: z.number().min(0).max(1e13).nullish(),
};

export const createProductBody = z.object({ name: trimmed(200), ...productFields });
export const updateProductBody = z.object({ version, name: trimmed(200).optional(), ...productFields });

export type ProductInput = z.infer<typeof createProductBody>;
export type ProductPatch = z.infer<typeof updateProductBody>;
