// Name hints for type inference: column names that say identifier, integer-coded category, count or time.

/** Names that say "identifier": `userId`, `CustomerID`, `ad_id`, `InvoiceNo`, `StockCode`, `用户ID`, `订单编号`. */
export function isIdName(name: string): boolean {
  return (
    /(?:^|[^A-Za-z])id$/i.test(name) ||
    /^id(?:[^a-z]|$)/i.test(name) ||
    /[a-z](?:Id|ID)$/.test(name) ||
    /(?:^|[_\s.-])(?:no|nr|num|code|key|uuid|guid|sku|number)$/i.test(name) ||
    /[a-z](?:No|Nr|Code|Key|Number|Num)$/.test(name) ||
    /ID|编号|编码|代码|单号|号码|货号/.test(name)
  );
}

/** Names of integer-coded categories (`interest`, `segment`, `region_code`…). */
export function isCategoryCodeName(name: string): boolean {
  return /interest|categor|segment|group|cluster|region|zip|postcode|postal|type$|class$|类别|分类|地区/i.test(name);
}

/** Names of counts, which stay numbers even when a small file only holds 0 and 1. */
export function isCountName(name: string): boolean {
  return /click|conversion|impression|quantity|qty|count|units|orders|purchases|visits|sessions|views|signups|installs|点击|转化|数量/i.test(
    name,
  );
}

export function isTimeName(name: string): boolean {
  return /date|time|stamp|^ts$|_ts$|^when|created|updated|day$|时间|日期|时刻/i.test(name);
}
