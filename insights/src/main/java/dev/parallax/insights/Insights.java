package dev.parallax.insights;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The insights services and their schedules, for whichever process runs them: the headless service
 * ({@link InsightsMain}) or the UI, which imports them to show their figures and take people's actions.
 */
@Configuration
@EnableScheduling
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = InsightsMain.class))
public class Insights {
}
