// Role names in the reader's language: an explicit map of message functions (the key test sees every key), used by
// the data state's role-saved line and by the Data page's role selects.
import { m } from '../paraglide/messages.js';
import type { Role } from '../core/data/table.ts';

export const ROLE_NAME: Record<Role, () => string> = {
  customer_id: m.role_customer_id,
  item_id: m.role_item_id,
  timestamp: m.role_timestamp,
  quantity: m.role_quantity,
  price: m.role_price,
  amount: m.role_amount,
  rating: m.role_rating,
  target: m.role_target,
  channel: m.role_channel,
  spend: m.role_spend,
  impressions: m.role_impressions,
  clicks: m.role_clicks,
  conversions: m.role_conversions,
  categorical: m.role_categorical,
  numeric: m.role_numeric,
  text: m.role_text,
  ignore: m.role_ignore,
};
