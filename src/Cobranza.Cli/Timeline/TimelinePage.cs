using Cobranza.Core.Terms;
namespace Cobranza.Cli.Timeline;
internal static class TimelinePage { internal static string Render(TimelineResult timeline, TermsLanguage language) => throw new System.NotSupportedException(); }
