using Cobranza.Core;
using System.Net;
using System.Text;

namespace Cobranza.Cli.Output;

/// <summary>A self-contained HTML page: inline CSS and inline SVG, no script, no external asset.</summary>
internal static class Html
{
    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    internal static string Page(Language language, string title, string body)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(language.Tag).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px;color:#1f2933;background:#fff}\n")
            .Append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}p.lead{color:#52606d;margin:0 0 16px}\n")
            .Append("table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #e4e7eb;padding:4px 10px;text-align:left;vertical-align:top}\n")
            .Append("td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n")
            .Append("svg{display:block;max-width:100%;height:auto;font-size:11px}svg text{fill:#3e4c59}\n")
            .Append(".legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;border-radius:2px}\n")
            .Append("iframe.notice{display:block;width:100%;height:260px;border:1px solid #e4e7eb;margin:6px 0 12px;background:#fff}\n")
            .Append("pre.notice{white-space:pre-wrap;background:#f5f7fa;border-left:4px solid #9aa5b1;padding:8px 12px;font-size:12px;margin:6px 0}\n")
            .Append("</style>\n</head>\n<body>\n")
            .Append(body)
            .Append("</body>\n</html>\n");
        return page.ToString();
    }
}
