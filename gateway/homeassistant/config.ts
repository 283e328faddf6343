// Home Assistant discovery settings; the gateway's config schema includes them as `homeAssistant`.
import { z } from "zod";

export const homeAssistantSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** must match Home Assistant's MQTT discovery prefix */
  discoveryPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/)
    .default("homeassistant"),
});

export type HomeAssistantConfig = z.infer<typeof homeAssistantSchema>;
