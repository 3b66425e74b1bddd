using System;
using System.Text;
using Cobranza.Core.Terms;

namespace Cobranza.Core.Tests.Fuzz;

/// <summary>
/// Issue 14 §5: <see cref="PaymentTermsNotation.TryParse"/> never throws, <see cref="PaymentTermsNotation.Parse"/>
/// throws only <see cref="PaymentTermsNotationException"/>, errors quote a short window, and what parses formats back.
/// </summary>
public sealed class NotationFuzzTests
{
    private static readonly string[] Tokens =
    [
        "Net", "net", "NET", "EOM", "eom", "advance", "Advance", "%", "/", ",", " ", "  ", "\t", "\r\n",
        "0", "1", "2", "8", "10", "11", "20", "30", "60", "90", "99", "100", "101", "3640", "3641", "3660", "3661", "99999", "4294967296",
        "0.5", "0.00016", "33.333", "1.", ".5", "1.2.3", "100.0000000000000000000000000001", "0000000000000000000000000000030",
        "Nett", "x", "-", "+", "€", "\u202E", "\u0000", "🙂", "Net30", "30EOM", "2/10", "1/3660 EOM", "30% advance, 70% Net 30",
    ];

    private static readonly string[] Valid =
    [
        "Net 30", "2/10 Net 30", "1/10 EOM", "Net 30 EOM", "30/60/90", "30/60/90 EOM", "30% advance, 70% Net 30", "50% 2/10 Net 30, 50% Net 60",
    ];

    [Fact]
    public void TryParse_FuzzedText_NeverThrows()
    {
        int parsed = 0;
        Fuzz.Run("notation", 30_000, random =>
        {
            string notation = random.Next(3) == 0 ? Mutate(Valid[random.Next(Valid.Length)], random) : Tokenized(random);
            if (PaymentTermsNotation.TryParse(notation, out var terms, out var error))
            {
                parsed++;
                Assert.Null(error);
                Assert.InRange(terms.Portions.Count, 1, PaymentTerms.MaxPortions);
                string canonical = PaymentTermsNotation.Format(terms);
                Assert.Equal(terms, PaymentTermsNotation.Parse(canonical));
            }
            else
            {
                Assert.Null(terms);
                Assert.InRange(error.Position, 0, notation.Length);
                int quoted = (2 * PaymentTermsNotationError.QuoteRadius * 6) + error.Expected.Length + 200;
                Assert.True(error.Message.Length <= quoted, $"message of {error.Message.Length} characters");
                var ex = Assert.Throws<PaymentTermsNotationException>(() => PaymentTermsNotation.Parse(notation));
                Assert.Equal(error.Message, ex.Message);
            }
        });
        Assert.True(parsed > 0, "no fuzzed notation parsed: only the error path was tested");
    }

    private static string Tokenized(Random random)
    {
        var builder = new StringBuilder();
        int n = random.Next(12) == 0 ? 200 + random.Next(2000) : 1 + random.Next(12);
        for (int i = 0; i < n; i++)
        {
            builder.Append(Tokens[random.Next(Tokens.Length)]);
            if (random.Next(2) == 0)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        int edits = 1 + random.Next(3);
        for (int i = 0; i < edits; i++)
        {
            int at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < builder.Length:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                default:
                    builder.Insert(at, (char)random.Next(0x20, 0x7F));
                    break;
            }
        }

        return builder.ToString();
    }
}
