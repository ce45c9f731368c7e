using ComplianceReview.App.CustomerData.MailStore;
using ComplianceReview.Domain.CustomerData;

namespace ComplianceReview.App.CustomerData;

public static class CustomerDataExtensions
{
    /// <summary>
    /// The customer data source: the demo tables, or (<c>CustomerData:EmailContent=MailStore</c>) the same directory with
    /// e-mail content from the mail store over IMAP. Settings that cannot work stop the app at startup with the reason.
    /// </summary>
    public static IHostApplicationBuilder AddCustomerData(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CustomerDataOptions.Section).Get<CustomerDataOptions>() ?? new CustomerDataOptions();
        builder.Services.AddSingleton<EfCustomerDataSource>();
        switch (options.EmailContent)
        {
            case EmailContentSource.Demo:
                builder.Services.AddSingleton<ICustomerDataSource>(sp => sp.GetRequiredService<EfCustomerDataSource>());
                break;
            case EmailContentSource.MailStore:
                var mailStore = builder.Configuration.GetSection(MailStoreOptions.Section).Get<MailStoreOptions>() ?? new MailStoreOptions();
                if (mailStore.Problem() is { } problem)
                    throw new InvalidOperationException($"CustomerData:EmailContent is MailStore, but {problem}");
                builder.Services.Configure<MailStoreOptions>(builder.Configuration.GetSection(MailStoreOptions.Section));
                builder.Services.AddSingleton<ImapMailStore>();
                builder.Services.AddSingleton<ICustomerDataSource, MailStoreCustomerDataSource>();
                break;
            default:
                throw new InvalidOperationException($"Unknown CustomerData:EmailContent '{options.EmailContent}'. Use Demo or MailStore.");
        }
        return builder;
    }
}
