using System.Globalization;
using System.IO;
using System.Linq;
using Cobranza.Cli.Output;
using Cobranza.Core;
using Cobranza.Core.Terms;
using Cobranza.Core.Terms.Configuration;

namespace Cobranza.Cli.Terms;

/// <summary>Writes a <see cref="PaymentSchedule"/> as a table with the library's terms text, or as JSON.</summary>
internal static class TermsOutput
{
    internal static void WriteText(TextWriter output, PaymentSchedule schedule, Language language)
    {
        var invoice = schedule.Invoice;
        output.WriteLine(Format.Text(language,
            $"Factura del {Format.Date(invoice.IssueDate, language)}, total {Format.Money(invoice.Gross, language)}",
            $"Invoice of {Format.Date(invoice.IssueDate, language)}, total {Format.Money(invoice.Gross, language)}"));
        output.WriteLine();
        var table = new TextTable(
            Format.Text(language, "Fracción", "Portion"),
            Format.Text(language, "Parte", "Share"),
            Format.Text(language, "Fecha base", "Base date"),
            Format.Text(language, "Fecha regla", "Rule date"),
            Format.Text(language, "Vencimiento", "Due date"),
            Format.Text(language, "Importe", "Amount"),
            Format.Text(language, "Descuentos", "Discounts")).AlignRight(0, 5);
        foreach (var portion in schedule.Portions)
        {
            var discounts = string.Join("; ", portion.Discounts.Select(d => Format.Text(language,
                $"{Format.Money(d.Amount, language)} hasta el {Format.Date(d.LastDate, language)}",
                $"{Format.Money(d.Amount, language)} by {Format.Date(d.LastDate, language)}")));
            table.Add(
                (portion.Index + 1).ToString(CultureInfo.InvariantCulture),
                Share(portion.Portion.Share, language),
                Format.Date(portion.BaseDate, language),
                Format.Date(portion.RuleDate, language),
                Format.Date(portion.DueDate, language),
                Format.Money(portion.Amount, language),
                discounts);
        }

        table.WriteTo(output);
        output.WriteLine(Format.Text(language, "Total: ", "Total: ") + Format.Money(schedule.Total, language));
        output.WriteLine();
        output.WriteLine(PaymentTermsText.Describe(schedule, language));
        output.WriteLine(PaymentTermsText.DescribeDueDates(schedule, language));
    }

    internal static void WriteJson(TextWriter output, PaymentSchedule schedule, CustomerPaymentSettings? customer, Language language)
    {
        var invoice = schedule.Invoice;
        JsonOut.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("invoice");
            JsonOut.Date(writer, "issueDate", invoice.IssueDate);
            JsonOut.Date(writer, "deliveryDate", invoice.DeliveryDate);
            JsonOut.Date(writer, "orderDate", invoice.OrderDate);
            JsonOut.Money(writer, "net", invoice.Net);
            JsonOut.Money(writer, "tax", invoice.Tax);
            JsonOut.Money(writer, "gross", invoice.Gross);
            writer.WriteEndObject();
            JsonOut.Raw(writer, "terms", PaymentTermsJson.Serialize(invoice.Terms));
            if (customer is null)
            {
                writer.WriteNull("customer");
            }
            else
            {
                JsonOut.Raw(writer, "customer", PaymentTermsJson.SerializeCustomer(customer));
            }

            writer.WriteStartArray("portions");
            foreach (var portion in schedule.Portions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", portion.Index);
                JsonOut.Date(writer, "baseDate", portion.BaseDate);
                JsonOut.Date(writer, "ruleDate", portion.RuleDate);
                JsonOut.Date(writer, "unadjustedDueDate", portion.UnadjustedDueDate);
                JsonOut.Date(writer, "dueDate", portion.DueDate);
                JsonOut.Money(writer, "amount", portion.Amount);
                JsonOut.Money(writer, "discountBase", portion.DiscountBase);
                writer.WriteStartArray("discounts");
                foreach (var discount in portion.Discounts)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("tierIndex", discount.TierIndex);
                    JsonOut.Date(writer, "lastDate", discount.LastDate);
                    JsonOut.Money(writer, "amount", discount.Amount);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            JsonOut.Money(writer, "total", schedule.Total);
            writer.WriteString("language", language.Tag);
            writer.WriteString("text", PaymentTermsText.Describe(schedule, language));
            writer.WriteString("dueDatesText", PaymentTermsText.DescribeDueDates(schedule, language));
            writer.WriteEndObject();
        });
    }

    private static string Share(PortionShare share, Language language) => share switch
    {
        PercentShare percent => Format.Text(language,
            percent.Percent.ToString("0.##", CultureInfo.GetCultureInfo("es-ES")) + " %",
            percent.Percent.ToString("0.##", CultureInfo.InvariantCulture) + "%"),
        AmountShare amount => Format.Money(amount.Amount, language),
        _ => Format.Text(language, "resto", "balance"),
    };
}
