/**
 * Reference data the sandbox draws from: reason keys in TikTok's naming scheme (API doc 4.5 and
 * DOC-REASONS), products, carriers, and the markets whose currencies the grid must handle
 * (zero-decimal VND/JPY/IDR included on purpose).
 */

export interface Market {
  region: string;
  currency: string;
  /** Minor-unit digits TikTok uses for the currency's decimal strings. */
  decimals: number;
  /** Typical item price range in major units. */
  price: [number, number];
}

export const MARKETS: readonly Market[] = [
  { region: 'US', currency: 'USD', decimals: 2, price: [6, 180] },
  { region: 'GB', currency: 'GBP', decimals: 2, price: [5, 150] },
  { region: 'ES', currency: 'EUR', decimals: 2, price: [5, 160] },
  { region: 'VN', currency: 'VND', decimals: 0, price: [90000, 2500000] },
  { region: 'MY', currency: 'MYR', decimals: 2, price: [15, 600] },
  { region: 'JP', currency: 'JPY', decimals: 0, price: [900, 25000] },
  { region: 'ID', currency: 'IDR', decimals: 0, price: [50000, 2000000] },
  { region: 'MX', currency: 'MXN', decimals: 2, price: [90, 3000] },
  { region: 'TH', currency: 'THB', decimals: 2, price: [150, 5000] },
  { region: 'SG', currency: 'SGD', decimals: 2, price: [8, 240] },
];

export const SHOP_NAMES = [
  'Northwind Outfitters',
  'Lumen Beauty Lab',
  'Casa Verde Home',
  'Saigon Street Style',
  'Kuala Gadget Hub',
  'Tokyo Stationery Co',
  'Jakarta Batik House',
  'Mercado Sol',
  'Bangkok Bloom',
  'Lion City Audio',
];

export const RETURN_REASONS: ReadonlyArray<readonly [key: string, text: string]> = [
  ['ecom_order_delivered_refund_and_return_reason_damaged', 'Package or product is damaged'],
  ['ecom_order_delivered_refund_and_return_reason_wrong_item', 'Wrong item was sent'],
  ['ecom_order_delivered_refund_and_return_reason_not_as_described', 'Product doesn\u2019t match the description'],
  ['ecom_order_delivered_refund_and_return_reason_defective', 'Product is defective or doesn\u2019t work'],
  ['ecom_order_delivered_refund_and_return_reason_missing_parts', 'Missing parts or accessories'],
  ['ecom_order_delivered_refund_and_return_reason_size_fit', 'Size or fit is not right'],
  ['ecom_order_delivered_refund_and_return_reason_no_longer_needed', 'No longer needed'],
  ['ecom_order_delivered_refund_reason_not_received', 'Package wasn\u2019t received'],
  ['ecom_order_delivered_refund_reason_counterfeit', 'Suspected counterfeit product'],
];

export const CANCEL_REASONS: ReadonlyArray<readonly [key: string, text: string]> = [
  ['ecom_order_to_ship_cancel_reason_change_of_mind', 'No longer needed'],
  ['ecom_order_to_ship_cancel_reason_better_price', 'Found a better price elsewhere'],
  ['ecom_order_to_ship_cancel_reason_wrong_address', 'Need to change the shipping address'],
  ['ecom_order_to_ship_cancel_reason_delivery_too_long', 'Estimated delivery time is too long'],
  ['seller_cancel_reason_out_of_stock', 'Out of stock'],
  ['system_cancel_reason_payment_timeout', 'Payment not completed in time'],
];

export const RETURN_REJECT_REASONS: ReadonlyArray<readonly [key: string, text: string]> = [
  ['reverse_reject_request_reason_1', 'The buyer has not returned the item'],
  ['reverse_reject_request_reason_4', 'The product was used or damaged by the buyer'],
  ['seller_reject_apply_you_have_reached_an_agreement_with_the_buyer', 'You have reached an agreement with the buyer'],
  ['seller_reject_apply_package_has_not_exceeded_estimated_delivery_time', 'Package has not exceeded the estimated delivery time'],
];

export const PACKAGE_REJECT_REASONS: ReadonlyArray<readonly [key: string, text: string]> = [
  ['reverse_reject_return_parcel_reason_1', 'Returned item is not the original item'],
  ['reverse_reject_return_parcel_reason_2', 'Returned item is damaged'],
  ['reverse_reject_return_parcel_reason_3', 'Returned package was empty'],
];

export const CANCEL_REJECT_REASONS: ReadonlyArray<readonly [key: string, text: string]> = [
  ['seller_reject_apply_product_has_been_packed', 'The product has already been packed'],
  ['order_manage_list_action_respond_popup_reject_reason_shipped', 'The order has already shipped'],
];

export const PRODUCTS: ReadonlyArray<readonly [name: string, sku: string]> = [
  ['Linen Overshirt', 'Sand / M'],
  ['Ceramic Pour-Over Set', 'Matte Black'],
  ['Hydrating Serum 30ml', 'Unscented'],
  ['Wireless Earbuds Pro', 'White'],
  ['Canvas Tote Bag', 'Natural'],
  ['Stainless Water Bottle 750ml', 'Forest'],
  ['Silk Scrunchie Pack', 'Pastels x5'],
  ['LED Desk Lamp', 'Warm White'],
  ['Yoga Mat 6mm', 'Lilac'],
  ['Phone Case MagSafe', 'iPhone 16 / Clear'],
  ['Running Socks 3-pack', 'L'],
  ['Gel Pen Set', '12 colours'],
  ['Batik Shirt', 'Indigo / L'],
  ['Aroma Diffuser', 'Oak'],
  ['Kids Rain Boots', 'Yellow / 28'],
];

export const CARRIERS: ReadonlyArray<readonly [name: string, id: string]> = [
  ['USPS', '6990011'],
  ['Royal Mail', '6990023'],
  ['J&T Express', '6990048'],
  ['DHL eCommerce', '6990052'],
  ['Yamato', '6990077'],
];
